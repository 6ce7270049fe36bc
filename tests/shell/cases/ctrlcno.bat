@ECHO OFF
@REM test: stdin=NO.TXT
ECHO before
CTRLC
IF ERRORLEVEL 1 ECHO wrong errorlevel
ECHO N goes on
