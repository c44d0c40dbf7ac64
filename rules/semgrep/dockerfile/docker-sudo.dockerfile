FROM debian:12-slim
# ok: docker-sudo
RUN apt-get update && apt-get install -y --no-install-recommends sudo ca-certificates
# ruleid: docker-sudo
RUN sudo apt-get install -y make
# ruleid: docker-sudo
RUN make build && sudo make install
# ok: docker-sudo
RUN echo "app ALL=(ALL) NOPASSWD: ALL" > /tmp/sudoers.example
# ruleid: docker-sudo
RUN sudo -u app /usr/local/bin/setup
# ok: docker-sudo
RUN useradd --uid 10001 app
USER 10001
