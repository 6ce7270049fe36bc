ECHO OFF
ECHO start %1 %2
ECHO   two spaces kept after the first
ECHO trailing blank before a redirection > E.OUT
TYPE E.OUT
SET V=one
ECHO V is %V%
IF "%1"=="x" ECHO first is x
IF NOT "%1"=="y" ECHO first is not y
IF EXIST TEXT.TXT ECHO TEXT.TXT exists
IF NOT EXIST NONE.TXT ECHO NONE.TXT is missing
FOR %%F IN (a b c) DO ECHO item %%F
FOR %%F IN (*.TXT) DO ECHO file %%F
EXITN 3
IF ERRORLEVEL 3 ECHO level 3
IF ERRORLEVEL 4 ECHO level 4
IF NOT ERRORLEVEL 4 ECHO not level 4
TYPE TEXT.TXT
SORT < TEXT.TXT > S.TXT
TYPE S.TXT
ECHO appended>> S.TXT
TYPE S.TXT
SHIFT
ECHO shifted %1
GOTO end
ECHO skipped
:end
ECHO done
