"""The portal's own date and number formats where Django's defaults do not suit it.

English defaults to the US style (“March 31, 2027, 5 p.m.”); a European network writes
“31 March 2027, 17:00”. Other languages keep Django's formats.
"""
