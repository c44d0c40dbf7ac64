package com.acme.downloads;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class DownloadServlet extends HttpServlet {
    private static final File BASE = new File("/srv/downloads");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = req.getParameter("file");
        // ruleid: path-traversal
        try (InputStream in = new FileInputStream(new File(BASE, name))) {
            in.transferTo(resp.getOutputStream());
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = req.getParameter("file");
        File candidate = new File(BASE, name).getCanonicalFile();
        if (!candidate.getPath().startsWith(BASE.getCanonicalPath() + File.separator)) {
            resp.sendError(400);
            return;
        }
        // ok: path-traversal
        try (InputStream in = new FileInputStream(candidate)) {
            in.transferTo(resp.getOutputStream());
        }
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] names = req.getParameterValues("file");
        // ruleid: path-traversal
        new File("/srv/uploads/tmp/" + names[0]).delete();
        String id = req.getParameter("id");
        // ok: path-traversal
        new File(BASE, Integer.parseInt(id) + ".bin").delete();
    }
}
