/* SPDX-License-Identifier: MIT */
/*
 * The lines both arches' head.S print before C runs: the progress line's
 * prefix, its error lines and the protocol's closing lines (DESIGN's UART
 * protocol: an error line, then EXIT and end, "# "-prefixed in TAP). One
 * place, so the runner's patterns and both arches cannot drift apart.
 */
#ifndef BOOT_HEAD_MSGS_H
#define BOOT_HEAD_MSGS_H

#define HEAD_MSG_PROGRESS	"hyptest: head:"
#define HEAD_MSG_NO_TABLES	"\nhyptest: error: boot page tables could not be built (pool exhausted or clash)\n"
#define HEAD_MSG_BAD_RELOC	"\nhyptest: error: image has an unsupported dynamic relocation\n"
#define HEAD_MSG_NO_SWITCH	"\nhyptest: error: the MMU switch could not update the tables\n"
#define HEAD_MSG_END_ERROR	"EXIT: STATUS=1\nhyptest: end ERROR\n"
#define HEAD_MSG_END_ERROR_TAP	"# EXIT: STATUS=1\n# hyptest: end ERROR\n"

#endif
