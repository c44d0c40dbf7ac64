package com.acme.statements;

import java.io.InputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;

import org.w3c.dom.Document;

public class StatementParser {
    public Document parse(InputStream upload) throws Exception {
        // ruleid: xxe
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        DocumentBuilder builder = dbf.newDocumentBuilder();
        return builder.parse(upload);
    }

    public Document parseHardened(InputStream upload) throws Exception {
        // ok: xxe
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        dbf.setXIncludeAware(false);
        return dbf.newDocumentBuilder().parse(upload);
    }

    public XMLStreamReader stream(InputStream upload) throws Exception {
        // ruleid: xxe
        XMLInputFactory factory = XMLInputFactory.newInstance();
        return factory.createXMLStreamReader(upload);
    }

    public XMLStreamReader streamHardened(InputStream upload) throws Exception {
        // ok: xxe
        XMLInputFactory factory = XMLInputFactory.newInstance();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        return factory.createXMLStreamReader(upload);
    }

    public void sax(InputStream upload) throws Exception {
        // ok: xxe
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        spf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        spf.newSAXParser().parse(upload, new org.xml.sax.helpers.DefaultHandler());
    }
}
