package com.acme.sso;

import java.net.URI;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriBuilder;

@Path("/sso")
public class SsoResource {
    @GET
    @Path("/callback")
    public Response callback(@QueryParam("state") String state) {
        // ruleid: open-redirect
        return Response.temporaryRedirect(URI.create(state)).build();
    }

    @GET
    @Path("/done")
    public Response done(@QueryParam("account") String account) {
        URI target = UriBuilder.fromPath("/accounts/{id}").build(account);
        // ok: open-redirect
        return Response.seeOther(target).build();
    }
}
