import java.io.InputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.transform.TransformerFactory;

public class XxeCases {
    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";

    void cases(InputStream in) throws Exception {
        // ruleid: java-xxe-parser
        DocumentBuilderFactory open = DocumentBuilderFactory.newInstance();
        open.newDocumentBuilder().parse(in);

        // ok: java-xxe-parser
        DocumentBuilderFactory hardened = DocumentBuilderFactory.newInstance();
        hardened.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        hardened.newDocumentBuilder().parse(in);

        // ok: java-xxe-parser
        DocumentBuilderFactory byConstant = DocumentBuilderFactory.newInstance();
        byConstant.setFeature(DISALLOW_DOCTYPE, true);
        byConstant.newDocumentBuilder().parse(in);

        // ruleid: java-xxe-parser
        SAXParserFactory sax = SAXParserFactory.newInstance();
        sax.setNamespaceAware(true);
        sax.newSAXParser();

        // ok: java-xxe-parser
        SAXParserFactory secure = SAXParserFactory.newInstance();
        secure.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        secure.newSAXParser();

        // ruleid: java-xxe-parser
        XMLInputFactory stax = XMLInputFactory.newInstance();
        stax.createXMLStreamReader(in);

        // ok: java-xxe-parser
        XMLInputFactory staxNoDtd = XMLInputFactory.newFactory();
        staxNoDtd.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        staxNoDtd.createXMLStreamReader(in);

        TransformerFactory tf;
        // ruleid: java-xxe-parser
        tf = TransformerFactory.newInstance();
        tf.newTransformer();

        // ok: java-xxe-parser
        TransformerFactory tfSafe = TransformerFactory.newInstance();
        tfSafe.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        tfSafe.newTransformer();
    }
}
