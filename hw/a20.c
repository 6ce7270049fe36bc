/* Port 92h: the fast A20 gate. */
#include "hw/a20.h"

#include "base/log.h"
#include "hw/ports.h"

static uint8_t port92_read(void *ctx, uint16_t port)
{
    struct mem *m = ctx;
    (void)port;
    return mem_a20(m) ? A20_PORT92_GATE : 0;
}

static void port92_write(void *ctx, uint16_t port, uint8_t val)
{
    struct mem *m = ctx;
    (void)port;
    if (val & A20_PORT92_RESET)
        QUIET_ONCE(LOG_PORT, "port 92h: fast CPU reset requested; ignored");
    LOG(LOG_PORT, "port 92h <- %02Xh: A20 %s", val, val & A20_PORT92_GATE ? "on" : "off");
    mem_set_a20(m, (val & A20_PORT92_GATE) != 0);
}

void a20_init(struct io *io, struct mem *m)
{
    io_register(io, PORT_SYS_CTRL_A, 1, port92_read, port92_write, m);
}
