package com.acme.tools;

import java.io.IOException;

import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Response;

@Path("/archive")
public class ArchiveResource {
    private static final String BACKUP_DIR = "/var/backups";

    @POST
    @Path("/pack")
    public Response pack(@QueryParam("name") String name) throws IOException {
        String[] cmd = {"/bin/bash", "-c", "tar czf " + BACKUP_DIR + "/" + name + ".tgz /srv/data"};
        // ruleid: command-injection
        Runtime.getRuntime().exec(cmd);
        return Response.accepted().build();
    }

    @POST
    @Path("/rotate")
    public Response rotate(@QueryParam("keep") int keep) throws IOException {
        // ok: command-injection
        Runtime.getRuntime().exec("logrotate --keep " + keep + " /etc/logrotate.conf");
        return Response.accepted().build();
    }
}
