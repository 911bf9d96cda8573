# s3share in a small image for GitLab CI and other container-based pipelines.
#
#   docker build -t s3share .
#   docker run --rm -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY s3share s3share --version
#
# Alpine with CA certificates and a shell, and no ENTRYPOINT: CI systems run their `script:`
# lines through the image's shell, which a CLI entrypoint would swallow.

FROM rust:1-alpine AS build
RUN apk add --no-cache build-base cmake perl
WORKDIR /src
COPY . .
# A static musl binary, built with the release settings (LTO) that `dist` uses.
RUN cargo build --locked --profile dist --bin s3share \
    && cp target/dist/s3share /usr/local/bin/s3share \
    && /usr/local/bin/s3share --version

FROM alpine:3
RUN apk add --no-cache ca-certificates
COPY --from=build /usr/local/bin/s3share /usr/local/bin/s3share
COPY --from=build /src/completions/s3share.bash /usr/share/bash-completion/completions/s3share
COPY --from=build /src/man/ /usr/share/man/man1/
# Links minted in a pipeline are not remembered there.
ENV S3SHARE_HISTORY=off
CMD ["/bin/sh"]
