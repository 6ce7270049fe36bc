@ECHO OFF
@REM test: exit=0
COMMAND /C ECHO nested shell
COMMAND /C EXITN 7
IF ERRORLEVEL 7 ECHO a nested shell passes errorlevel 7 on
Z:\COMMAND /C CALL1 x
INTR2E
ARGS  spaced   args
ARGS/switch file.txt
ECHO.dot
EXITN 0
