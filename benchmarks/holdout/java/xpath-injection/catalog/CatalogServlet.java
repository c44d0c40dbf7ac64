package com.acme.catalog;

import java.io.IOException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

public class CatalogServlet extends HttpServlet {
    private Document catalog;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sku = request.getParameter("sku");
        String category = request.getParameter("category");
        XPath xpath = XPathFactory.newInstance().newXPath();
        try {
            // ruleid: xpath-injection
            String price = xpath.evaluate("/catalog/item[@sku='" + sku + "']/price", catalog);
            // ruleid: xpath-injection
            NodeList items = (NodeList) xpath.compile("//item[category='" + category + "']").evaluate(catalog, XPathConstants.NODESET);
            // ok: xpath-injection
            NodeList all = (NodeList) xpath.evaluate("//item[@featured='true']", catalog, XPathConstants.NODESET);
            int page = Integer.parseInt(request.getParameter("page"));
            // ok: xpath-injection
            String title = xpath.evaluate("/catalog/item[" + page + "]/title", catalog);
            response.getWriter().write(price.length() + items.getLength() + all.getLength() + title.length());
        } catch (XPathExpressionException e) {
            response.sendError(400);
        }
    }
}
