package com.acme.customers;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;

@Path("/customers")
public class CustomerResource {
    private final CustomerDao dao = new CustomerDao();

    @GET
    @Path("/search")
    public List<String> search(@QueryParam("name") String name) {
        return dao.findByName(name);
    }

    @GET
    @Path("/{id}")
    public List<String> byId(@PathParam("id") String id) {
        return dao.findById(id);
    }
}
