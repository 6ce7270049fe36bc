@ECHO OFF
@REM test: exit=42
EXITN 0
IF ERRORLEVEL 1 ECHO wrong: 0 is not 1
IF NOT ERRORLEVEL 1 ECHO level below 1
EXITN 3
IF ERRORLEVEL 4 ECHO wrong: 3 is not 4
IF ERRORLEVEL 3 ECHO level 3 or more
IF ERRORLEVEL 2 ECHO level 2 or more too
ECHO internal commands keep the errorlevel
IF ERRORLEVEL 3 ECHO still 3
NOSUCHPROGRAM
IF ERRORLEVEL 3 ECHO still 3 after a bad command
EXITN 255
IF ERRORLEVEL 255 ECHO 255
EXITN 42
