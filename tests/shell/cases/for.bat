@ECHO OFF
ECHO one> A1.TXT
ECHO two> A2.TXT
ECHO three> B1.TXT
MD SUB
ECHO four> SUB\C1.TXT
FOR %%F IN (A*.TXT) DO ECHO found %%F
FOR %%F IN (A*.TXT B*.TXT NOSUCH*.TXT) DO TYPE %%F
FOR %%X IN (red,green;blue) DO ECHO color %%X
FOR %%F IN (SUB\*.TXT) DO ECHO in sub: %%F
FOR %%F IN (*.NONE) DO ECHO never
FOR %%F IN (A1.TXT A9.TXT) DO IF EXIST %%F ECHO %%F is there
FOR %%F IN (A*.TXT) DO CALL CHAIN %%F
ECHO after the loops
