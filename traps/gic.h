/* SPDX-License-Identifier: MIT */
/* What the two GIC drivers (traps/gic_v2.c, traps/gic_v3.c) share. */
#ifndef HYPTEST_GIC_H
#define HYPTEST_GIC_H

#include "traps/intc.h"

/* GICD_ISENABLER0 / GICR_ISENABLER0 and kin: one bit per INTID 0-31, banked per CPU. */
#define GIC_BIT(intid)		(UINT32_C(1) << (intid))
/* INTIDs 16-31 are the calling CPU's PPIs. */
#define GIC_PPI_FIRST		16
#define GIC_PPI_LAST		31

#endif
