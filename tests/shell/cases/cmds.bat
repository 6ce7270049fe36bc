@REM test: mode=c exit=4
ECHO first -c command
SET X=1
SET
EXITN 4
