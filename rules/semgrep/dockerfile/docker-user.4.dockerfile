# A well-behaved image: no finding is expected anywhere in this file.
FROM golang:1.22 AS build
RUN go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
# the numeric UID of distroless' nonroot user
USER 65532:65532
ENTRYPOINT ["/app"]
