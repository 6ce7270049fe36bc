@ECHO OFF
@REM test: stdin=YES.TXT
ECHO before
CTRLC
ECHO not reached: Y ends the batch
