FROM debian:12-slim
# ruleid: docker-add-remote-url
ADD https://example.com/releases/tool-1.2.tar.gz /tmp/
# ruleid: docker-add-remote-url
ADD --chown=app:app http://example.com/config.tar /etc/app/
# ok: docker-add-remote-url
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /tmp/
# ok: docker-add-remote-url
ADD vendor/tool.tar.gz /opt/
# ok: docker-add-remote-url
COPY https-proxy.conf /etc/
# ruleid: docker-add-remote-url
add https://example.com/a.sh /a.sh

# ruleid: docker-curl-pipe-shell
RUN curl -fsSL https://get.example.com/install.sh | bash
# ruleid: docker-curl-pipe-shell
RUN wget -qO- https://example.com/setup | sudo -E sh
# ruleid: docker-curl-pipe-shell
RUN apt-get update && curl -sL https://deb.example.com/setup_20.x | /bin/bash -
# ok: docker-curl-pipe-shell
RUN curl -fsSLo /tmp/tool.sh https://example.com/tool.sh \
    && echo "24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d  /tmp/tool.sh" | sha256sum -c - \
    && sh /tmp/tool.sh
# ok: docker-curl-pipe-shell
RUN curl -fsS https://example.com/versions.json | jq -r .latest > /tmp/version
# ok: docker-curl-pipe-shell
RUN echo "curl is installed" | tee /tmp/notes
USER 10001
