import javax.servlet.http.HttpServletRequest;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import org.springframework.web.bind.annotation.RequestParam;
import org.w3c.dom.Document;

public class XPathCases {
    private Document doc;

    void servlet(HttpServletRequest request) throws XPathExpressionException {
        String sku = request.getParameter("sku");
        XPath xpath = XPathFactory.newInstance().newXPath();
        // ruleid: java-xpath-injection
        xpath.evaluate("/items/item[@sku='" + sku + "']", doc);
        // ruleid: java-xpath-injection
        xpath.compile("//item[name='" + request.getParameter("name") + "']");
        // ok: java-xpath-injection
        xpath.evaluate("/items/item[@featured='true']", doc);
        int index = Integer.parseInt(request.getParameter("i"));
        // ok: java-xpath-injection
        xpath.evaluate("/items/item[" + index + "]", doc);
    }

    String spring(@RequestParam String user) throws XPathExpressionException {
        // ruleid: java-xpath-injection
        return XPathFactory.newInstance().newXPath().evaluate("//user[@name='" + user + "']/role", doc);
    }

    String checked(@RequestParam String user) throws XPathExpressionException {
        if (!user.matches("[a-z]{3,16}")) {
            return null;
        }
        XPath xpath = XPathFactory.newInstance().newXPath();
        // ok: java-xpath-injection
        return xpath.evaluate("//user[@name='" + user + "']/role", doc);
    }
}
