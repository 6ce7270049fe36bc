@ECHO OFF
@REM test: exit=0
CALL DEEP
