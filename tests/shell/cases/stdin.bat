@REM test: mode=stdin exit=3
ECHO hello from standard input
SET X=1
ECHO %X% is not expanded at the prompt
CD
EXITN 3
