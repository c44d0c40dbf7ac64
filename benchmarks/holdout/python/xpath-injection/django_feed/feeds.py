import xml.etree.ElementTree as ET

FEED = "/srv/feeds/latest.xml"


def feed_root():
    return ET.parse(FEED).getroot()
