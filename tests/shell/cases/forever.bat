@ECHO OFF
@REM test: exit=124
@REM test: flags=--timeout 1
:top
GOTO top
