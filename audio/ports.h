/* I/O ports of the sound cards (Creative "Sound Blaster Series Hardware
 * Programming Guide"; AdLib "Programming Guide"; Roland MPU-401 Technical
 * Reference; RBIL PORTS.A). Sound Blaster ports are offsets from its base. */
#ifndef UNIDOS_AUDIO_PORTS_H
#define UNIDOS_AUDIO_PORTS_H

#define PORT_ADLIB 0x388 /* 388h/389h bank 0, 38Ah/38Bh bank 1 (OPL3) */
#define PORT_ADLIB_COUNT 4
#define PORT_SB_BASE 0x220
#define PORT_MPU_BASE 0x330 /* 330h data, 331h status/command */
#define PORT_MPU_COUNT 2

#define SB_PORT_COUNT 16
#define SB_OPL_LEFT 0x0  /* 2x0h/2x1h: OPL bank 0 (Pro: left) */
#define SB_OPL_RIGHT 0x2 /* 2x2h/2x3h: OPL bank 1 (Pro: right) */
#define SB_MIXER_ADDR 0x4
#define SB_MIXER_DATA 0x5
#define SB_DSP_RESET 0x6
#define SB_OPL 0x8 /* 2x8h/2x9h: OPL bank 0, every card */
#define SB_DSP_READ 0xA
#define SB_DSP_WRITE 0xC       /* write: command/data; read: write status */
#define SB_DSP_READ_STATUS 0xE /* read: data available; acknowledges 8-bit IRQ */
#define SB_DSP_ACK16 0xF       /* SB16: acknowledges the 16-bit IRQ */

#endif
