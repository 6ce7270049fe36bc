/* Compiled by MS C 5.10 inside unidos: see msc-hello.uds. */
#include <stdio.h>
#include <time.h>

int main(void)
{
    time_t now = time(NULL);
    printf("hello from MS C 5.10\n");
    printf("the machine says it is %s", ctime(&now));
    return 0;
}
