/* Built with MS C 5.10 by tests/shell/run.sh: system() runs COMSPEC. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int rc = system("DIR *.C > LIST.TXT");
    printf("system returned %d\n", rc);
    return rc;
}
