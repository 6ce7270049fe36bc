@ECHO OFF
@REM test: stdin=YES.TXT
@REM test: exit=130
ECHO before
CTRLC
ECHO not reached: Y ends the batch
