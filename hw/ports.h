/* I/O port numbers of the PC hardware we emulate (IBM PC/AT Technical
 * Reference; RBIL PORTS.A). */
#ifndef UNIDOS_HW_PORTS_H
#define UNIDOS_HW_PORTS_H

#define PORT_PIC1_CMD 0x20  /* master 8259: ICW1, OCW2, OCW3 */
#define PORT_PIC1_DATA 0x21 /* master 8259: ICW2-4, OCW1 (mask) */
#define PORT_PIC2_CMD 0xA0  /* slave 8259 */
#define PORT_PIC2_DATA 0xA1

#define PORT_PIT_CH0 0x40  /* 8254 counter 0: system timer, IRQ0 */
#define PORT_PIT_CH1 0x41  /* counter 1: DRAM refresh */
#define PORT_PIT_CH2 0x42  /* counter 2: PC speaker */
#define PORT_PIT_CTRL 0x43 /* mode/command register */

#define PORT_SYS_CTRL_A 0x92 /* PS/2 system control port A: bit 1 A20, bit 0 reset */
#define PORT_SYS_CTRL_B 0x61 /* speaker gate/data, refresh toggle, counter 2 out */

#define PORT_DMA1_BASE 0x00 /* 8237 #1 (channels 0-3, bytes): 00h-0Fh, one port apart */
#define PORT_DMA1_PORTS 16
#define PORT_DMA_PAGE_BASE 0x80 /* page registers 81h-8Fh; 80h POST code, rest scratch */
#define PORT_DMA_PAGE_PORTS 16
#define PORT_DMA2_BASE 0xC0 /* 8237 #2 (channels 4-7, words): C0h-DEh, two apart */
#define PORT_DMA2_PORTS 32

#endif
