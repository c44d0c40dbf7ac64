package com.acme.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.thoughtworks.xstream.XStream;

public class ImportServlet extends HttpServlet {
    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (InputStream body = request.getInputStream()) {
            // ruleid: insecure-deserialization
            ObjectInputStream in = new ObjectInputStream(body);
            Object job = in.readObject();
            response.getWriter().write(job.getClass().getSimpleName());
        } catch (ClassNotFoundException e) {
            response.sendError(400);
        }
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        XStream xstream = new XStream();
        // ruleid: insecure-deserialization
        Object job = xstream.fromXML(request.getInputStream());
        // ok: insecure-deserialization
        JobSpec spec = mapper.readValue(request.getInputStream(), JobSpec.class);
        response.getWriter().write(String.valueOf(job) + spec);
    }

    static final class JobSpec {
        public String name;
    }
}
