"""Serious Violence Duty dashboard for the seven West Midlands councils."""
