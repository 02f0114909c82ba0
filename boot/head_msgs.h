/* SPDX-License-Identifier: MIT */
/*
 * The lines both arches' head.S print before C runs: the progress line's
 * prefix, the text of its error lines (after "hyptest: error: "; the
 * error_line macro puts "Bail out! " in front in TAP mode) and the
 * protocol's closing lines (DESIGN's UART protocol: an error line, then EXIT
 * and end, "# "-prefixed in TAP). One place, so the runner's patterns and
 * both arches cannot drift apart.
 */
#ifndef BOOT_HEAD_MSGS_H
#define BOOT_HEAD_MSGS_H

#define HEAD_MSG_PROGRESS	"hyptest: head:"
#define HEAD_MSG_TAP_COMMENT	"# "
#define HEAD_MSG_TAP_BAIL	"Bail out! "
#define HEAD_MSG_NO_TABLES	"boot page tables could not be built (pool exhausted or clash)"
#define HEAD_MSG_BAD_RELOC	"image has an unsupported dynamic relocation"
#define HEAD_MSG_NO_SWITCH	"the MMU switch could not update the tables"
#define HEAD_MSG_END_ERROR	"EXIT: STATUS=1\nhyptest: end ERROR\n"
#define HEAD_MSG_END_ERROR_TAP	"# EXIT: STATUS=1\n# hyptest: end ERROR\n"

#endif
