"""The template tag libraries of the public site; thin: the logic they hand to the
templates lives in network.i18n, network.public and network.channels."""
