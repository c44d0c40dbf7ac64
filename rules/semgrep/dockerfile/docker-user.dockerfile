FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app

# ruleid: docker-runs-as-root
FROM debian:12-slim
COPY --from=build /out/app /usr/local/bin/app
CMD ["app"]
