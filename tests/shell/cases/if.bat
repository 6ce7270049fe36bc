@ECHO OFF
@REM test: args=alpha beta
SET N=
:top
SET N=%N%x
IF "%N%"=="xxxx" GOTO out
ECHO loop %N%
GOTO top
:out
ECHO out of the loop with %N%
IF "%1"=="alpha" ECHO first is alpha
IF NOT "%2"=="alpha" ECHO second is not alpha
IF %1==alpha ECHO unquoted compare works
IF EXIST TEXT.TXT ECHO TEXT.TXT exists
IF NOT EXIST NOFILE.TXT ECHO NOFILE.TXT does not exist
IF EXIST *.BAT ECHO some batch files exist
IF EXIST NUL ECHO devices exist everywhere
GOTO :second
ECHO not shown
:SECOND and a comment
ECHO labels match in any case, with or without a colon
GOTO nowhere
ECHO not shown either
