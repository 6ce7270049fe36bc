@ECHO OFF
@REM test: args=1 2 3 4 5 6 7 8 9 10 11 12
ECHO %1 %2 %3 %4 %5 %6 %7 %8 %9
:again
IF "%1"=="" GOTO done
ECHO arg %1, ninth after it is %9
SHIFT
GOTO again
:done
ECHO no more arguments
