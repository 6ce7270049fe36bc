@ECHO OFF
@REM test: corpus=msdos/v2.0/bin/SORT.EXE msdos/v2.0/bin/FIND.EXE
ECHO first line> OUT.TXT
ECHO second line>> OUT.TXT
TYPE OUT.TXT
SORT < TEXT.TXT
ECHO.
TYPE TEXT.TXT | SORT
ECHO.
TYPE TEXT.TXT | FIND "an" | SORT > PIPED.TXT
TYPE PIPED.TXT
ECHO.
FIND /C "a" < TEXT.TXT
ECHO gone> NUL
ECHO a pipe into a batch-less command: | SORT
DIR /B *.$$$
ECHO no pipe files are left
ARGS < TEXT.TXT x y
SORT /R < TEXT.TXT > CON
ECHO.
SORT < NOSUCH.TXT
ECHO done
EXITN 0
