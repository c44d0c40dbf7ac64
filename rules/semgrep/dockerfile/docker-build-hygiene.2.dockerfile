FROM golang:1.22 AS build
RUN go build -o /app ./cmd/app
# ruleid: docker-missing-healthcheck
FROM gcr.io/distroless/static:nonroot
COPY --from=build /app /app
EXPOSE 8080
USER 65532
ENTRYPOINT ["/app"]
