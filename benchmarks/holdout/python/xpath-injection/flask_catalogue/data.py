from pathlib import Path

from lxml import etree

CATALOGUE = Path(__file__).with_name("catalogue.xml")


def load_catalogue():
    return etree.parse(str(CATALOGUE))
