@ECHO OFF
@REM test: exit=5
ECHO main start
CALL CALL1 one
ECHO main after the calls
IF ERRORLEVEL 5 ECHO errorlevel 5 came back from call3
CALL CHAIN first
ECHO main after a called one-line batch
CHAINER
ECHO not reached: the chained batch replaced this one
