/* SPDX-License-Identifier: MIT */
/* The interrupt-controller front-end (traps/intc.h): the DT's compatible picks the driver, on both arches. */
#include "traps/intc.h"

static const struct intc_driver *drv;
static const char *drv_name;

int intc_init(const struct dt_intc *ic, const char **why)
{
	const struct intc_driver *d;

	switch (ic->type) {
	case DT_INTC_GICV2:
		d = &gic_v2_driver;
		break;
	case DT_INTC_GICV3:
		d = &gic_v3_driver;
		break;
	case DT_INTC_BCM2836:
		d = &bcm2836_intc_driver;
		break;
	default:
		*why = "no driver for the DT's interrupt controller";
		return -1;
	}
	if (d->init(ic, &drv_name, why))
		return -1;
	drv = d;
	return 0;
}

int intc_enable(unsigned irq, unsigned prio, const char **why)
{
	return drv->enable(irq, prio, why);
}

bool intc_pending(unsigned irq)
{
	return drv && drv->pending(irq);
}

unsigned intc_ack(void)
{
	return drv ? drv->ack() : INTC_NONE;
}

void intc_eoi(unsigned irq)
{
	drv->eoi(irq);
}

const char *intc_name(void)
{
	return drv_name;
}

const char *intc_irq_word(void)
{
	return drv ? drv->irq_word : "interrupt";
}
