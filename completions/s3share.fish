# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_s3share_global_optspecs
    string join \n profile= region= endpoint-url= path-style json q/quiet copy qr no-progress v/verbose strict no-mask color= bucket= h/help V/version
end

function __fish_s3share_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_s3share_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_s3share_using_subcommand
    set -l cmd (__fish_s3share_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c s3share -n "__fish_s3share_needs_command" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_needs_command" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_needs_command" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_needs_command" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_needs_command" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_needs_command" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_needs_command" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_needs_command" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_needs_command" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_needs_command" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_needs_command" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_needs_command" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_needs_command" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_needs_command" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_needs_command" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_needs_command" -f -a "presign" -d 'Mint presigned URLs offline, for one key or thousands'
complete -c s3share -n "__fish_s3share_needs_command" -f -a "share" -d 'Hand out a download link for an object that exists, or an upload link'
complete -c s3share -n "__fish_s3share_needs_command" -f -a "upload" -d 'Upload files and print a download link for each'
complete -c s3share -n "__fish_s3share_needs_command" -f -a "request" -d 'Ask someone for files: one link to an upload page that works in any browser'
complete -c s3share -n "__fish_s3share_needs_command" -f -a "get" -d 'Download from a presigned URL (no credentials needed) or an s3:// location'
complete -c s3share -n "__fish_s3share_needs_command" -f -a "inspect" -d 'Explain a presigned URL offline: what, where, until when, and how to use it'
complete -c s3share -n "__fish_s3share_needs_command" -f -a "links" -d 'List the links you printed, newest first: live, expired or revoked'
complete -c s3share -n "__fish_s3share_needs_command" -f -a "revoke" -d 'Take back a link made with --revocable: its private copy is deleted'
complete -c s3share -n "__fish_s3share_needs_command" -f -a "key" -d 'Your key for encrypted requests: show its fingerprint, export a backup, import one'
complete -c s3share -n "__fish_s3share_needs_command" -f -a "init" -d 'Set up the config file interactively: profile, bucket, prefix, link lifetime'
complete -c s3share -n "__fish_s3share_needs_command" -f -a "cdn" -d 'Set up and look after a CloudFront distribution for links that last a year'
complete -c s3share -n "__fish_s3share_needs_command" -f -a "config" -d 'Show the effective settings and where each came from'
complete -c s3share -n "__fish_s3share_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c s3share -n "__fish_s3share_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c s3share -n "__fish_s3share_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c s3share -n "__fish_s3share_using_subcommand presign" -s m -l method -d 'HTTP method the link is for' -r -f -a "get\t'Download the object'
put\t'Upload (create or replace) the object'
head\t'Read the object\'s metadata'
delete\t'Delete the object'"
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l via -d 'Sign download links for S3 or the CloudFront distribution ([cdn]); default: the CDN once one is configured' -r -f -a "s3\t'A presigned S3 link (at most 7d)'
cdn\t'A CloudFront signed URL (any lifetime)'"
complete -c s3share -n "__fish_s3share_using_subcommand presign" -s e -l expires -d 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d; CloudFront links any, e.g. 1y) [env: S3SHARE_EXPIRES]' -r
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l content-type -d 'Content-Type signed into a PUT link; the uploader must send exactly this' -r
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l sse -d 'Server-side encryption to ask S3 for; signed into PUT links, so the uploader must send it (with upload --url: the encryption the link was signed for) [env: S3SHARE_SSE]' -r -f -a "AES256\t'S3-managed keys (SSE-S3)'
aws:kms\t'AWS KMS keys (SSE-KMS): --sse-kms-key-id, else the AWS managed key aws/s3'"
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l sse-kms-key-id -d 'KMS key (id, ARN or alias) for --sse aws:kms [env: S3SHARE_SSE_KMS_KEY_ID]' -r
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l filename -d 'Make browsers save the download under this file name' -r
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l inline -d 'Ask browsers to show the file instead of downloading it'
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l allow-own-space -d 'Sign PUT and DELETE links into .s3share/, s3share\'s own space, too: such a link lets its holder replace or delete s3share\'s pages (refused without this flag)'
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand presign" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand presign" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand presign" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand presign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand presign" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand share" -l via -d 'Sign download links for S3 or the CloudFront distribution ([cdn]); default: the CDN once one is configured' -r -f -a "s3\t'A presigned S3 link (at most 7d)'
cdn\t'A CloudFront signed URL (any lifetime)'"
complete -c s3share -n "__fish_s3share_using_subcommand share" -s e -l expires -d 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d; CloudFront links any, e.g. 1y) [env: S3SHARE_EXPIRES]' -r
complete -c s3share -n "__fish_s3share_using_subcommand share" -l content-type -d 'Content-Type signed into an upload link; the uploader must then send exactly it (default: none signed, any is accepted)' -r
complete -c s3share -n "__fish_s3share_using_subcommand share" -l sse -d 'Server-side encryption to ask S3 for; signed into PUT links, so the uploader must send it (with upload --url: the encryption the link was signed for) [env: S3SHARE_SSE]' -r -f -a "AES256\t'S3-managed keys (SSE-S3)'
aws:kms\t'AWS KMS keys (SSE-KMS): --sse-kms-key-id, else the AWS managed key aws/s3'"
complete -c s3share -n "__fish_s3share_using_subcommand share" -l sse-kms-key-id -d 'KMS key (id, ARN or alias) for --sse aws:kms [env: S3SHARE_SSE_KMS_KEY_ID]' -r
complete -c s3share -n "__fish_s3share_using_subcommand share" -l filename -d 'Make browsers save the download under this file name' -r
complete -c s3share -n "__fish_s3share_using_subcommand share" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand share" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand share" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand share" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand share" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand share" -l upload -d 'Hand out an upload (PUT) link instead of a download link'
complete -c s3share -n "__fish_s3share_using_subcommand share" -l revocable -d 'Point the link at a private copy that `s3share revoke` can delete, taking the link back'
complete -c s3share -n "__fish_s3share_using_subcommand share" -l encrypt -d 'Share a folder (s3://BUCKET/PREFIX/) end-to-end encrypted: its files are read and stored again encrypted, with their names, under a key that is only in the printed link\'s #fragment; `s3share revoke` deletes the encrypted copy'
complete -c s3share -n "__fish_s3share_using_subcommand share" -l inline -d 'Ask browsers to show the file instead of downloading it'
complete -c s3share -n "__fish_s3share_using_subcommand share" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand share" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand share" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand share" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand share" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand share" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand share" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand share" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand share" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand share" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand share" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l to -d 'Where to upload: s3://BUCKET/PREFIX/, a prefix in the default bucket, or the link to a file request page (s3share request) to send the files through it without credentials' -r
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l key -d 'The object key (one file only); default: the prefix plus the file name' -r
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l url -d 'Upload to this presigned PUT link instead (no credentials needed)' -r
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l content-type -d 'Content-Type of the object (default: guessed from the file name)' -r
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l exclude -d 'Leave out files and folders (in a directory) matching this gitignore-style glob; a folder that matches is not entered (`--exclude node_modules`); repeatable' -r
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l sse -d 'Server-side encryption to ask S3 for; signed into PUT links, so the uploader must send it (with upload --url: the encryption the link was signed for) [env: S3SHARE_SSE]' -r -f -a "AES256\t'S3-managed keys (SSE-S3)'
aws:kms\t'AWS KMS keys (SSE-KMS): --sse-kms-key-id, else the AWS managed key aws/s3'"
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l sse-kms-key-id -d 'KMS key (id, ARN or alias) for --sse aws:kms [env: S3SHARE_SSE_KMS_KEY_ID]' -r
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l via -d 'Sign download links for S3 or the CloudFront distribution ([cdn]); default: the CDN once one is configured' -r -f -a "s3\t'A presigned S3 link (at most 7d)'
cdn\t'A CloudFront signed URL (any lifetime)'"
complete -c s3share -n "__fish_s3share_using_subcommand upload" -s e -l expires -d 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d; CloudFront links any, e.g. 1y) [env: S3SHARE_EXPIRES]' -r
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand upload" -s f -l force -d 'Replace an existing object'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -s H -l hidden -d 'In a directory, include hidden files and folders (names starting with `.`), which are skipped by default, as in fd'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -s I -l no-ignore -d 'In a directory, include what .gitignore, .ignore and the global git excludes name, which is skipped by default, as in fd'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l share-folder -d 'For a directory: print one link to a folder page instead of a link per file'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l revocable -d 'Point each link at a private copy that `s3share revoke` can delete'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l encrypt -d 'End-to-end encrypt each file (or one DIR, as one encrypted folder): bytes and names are stored encrypted under a key that is only in the printed link\'s #fragment, which browsers never send; the link opens a page that decrypts in the browser, and `s3share get LINK` decrypts too'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand upload" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand request" -s e -l expires -d 'How long the link stays valid: 90s, 15m, 1h, 7d, 1h30m (at most 7d; CloudFront links any, e.g. 1y) [env: S3SHARE_EXPIRES]' -r
complete -c s3share -n "__fish_s3share_using_subcommand request" -l watch -d 'Stay and report each file as it arrives, until the request expires, Ctrl-C or --count; with an ID or LINK (see `s3share links`), watch a request made earlier' -r
complete -c s3share -n "__fish_s3share_using_subcommand request" -l into -d 'Download each file as it arrives into DIR (one folder per --for name); a restarted watch fetches nothing twice' -r -F
complete -c s3share -n "__fish_s3share_using_subcommand request" -l count -d 'Stop after N files have arrived' -r
complete -c s3share -n "__fish_s3share_using_subcommand request" -l exec -d 'Run CMD (through the shell) for each file that arrives, with its JSON record on stdin and S3SHARE_ARRIVAL_{NAME,FROM,SAVED,KEY,SIZE} in its environment (escaped as on the terminal)' -r
complete -c s3share -n "__fish_s3share_using_subcommand request" -l watch-interval -d 'The first wait between two looks at the bucket (it grows to 15 times this while idle)' -r
complete -c s3share -n "__fish_s3share_using_subcommand request" -l max-size -d 'Largest file accepted, e.g. 500MiB or 2GiB (default and most: 5GiB, S3\'s limit for one browser upload)' -r
complete -c s3share -n "__fish_s3share_using_subcommand request" -l content-type -d 'Accept only this Content-Type: application/pdf, or a prefix such as audio/*' -r
complete -c s3share -n "__fish_s3share_using_subcommand request" -l for -d 'One page per recipient: NAME may upload only under PREFIX/NAME/; repeatable, one link per line' -r
complete -c s3share -n "__fish_s3share_using_subcommand request" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand request" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand request" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand request" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand request" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand request" -l force -d 'With --into: replace local files that s3share did not leave there'
complete -c s3share -n "__fish_s3share_using_subcommand request" -l no-notify -d 'No desktop or terminal notification per arrival (the lines on stdout and stderr stay)'
complete -c s3share -n "__fish_s3share_using_subcommand request" -l allow-active-content -d 'Accept a --content-type that admits what a browser runs as a page (text/html, image/svg+xml, and so image/* or text/*); files are stored as attachments either way'
complete -c s3share -n "__fish_s3share_using_subcommand request" -l encrypt -d 'Encrypt what people send, in their browser, to your request key (made on first use, `s3share key`): the bucket gets only ciphertext under random names; `get` and `--watch --into` open it here. Losing the key loses the files'
complete -c s3share -n "__fish_s3share_using_subcommand request" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand request" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand request" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand request" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand request" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand request" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand request" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand request" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand request" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand request" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand request" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand get" -s o -l output -d 'Where to save: a file, a directory, or `-` for stdout' -r -F
complete -c s3share -n "__fish_s3share_using_subcommand get" -l zip -d 'Write the folder (a folder page\'s link, or s3://BUCKET/PREFIX/) as one zip file, or `-` for stdout' -r -F
complete -c s3share -n "__fish_s3share_using_subcommand get" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand get" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand get" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand get" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand get" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand get" -s f -l force -d 'Replace an existing file'
complete -c s3share -n "__fish_s3share_using_subcommand get" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand get" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand get" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand get" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand get" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand get" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand get" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand get" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand get" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand get" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -l check -d 'Also make one request that changes nothing (GET of one byte, or HEAD) to see if the server accepts the link'
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand links" -l nth -d 'The same as N, spelled as `revoke --nth` takes it' -r
complete -c s3share -n "__fish_s3share_using_subcommand links" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand links" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand links" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand links" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand links" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand links" -l check -d 'Also ask whether each live link\'s object is still there (HEAD, needs credentials)'
complete -c s3share -n "__fish_s3share_using_subcommand links" -l prune -d 'Forget expired links'
complete -c s3share -n "__fish_s3share_using_subcommand links" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand links" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand links" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand links" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand links" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand links" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand links" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand links" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand links" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand links" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand links" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -l nth -d 'Revoke the N-th newest link of `s3share links` instead (1 is the newest); s3share says which one before it deletes anything' -r
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand revoke" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -f -a "show" -d 'Show where the key is and its fingerprint (the key itself is never printed)'
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -f -a "export" -d 'Write a copy of the private key to FILE (0600), a backup or for a second machine'
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -f -a "import" -d 'Use the private key in FILE (from `key export`) from now on'
complete -c s3share -n "__fish_s3share_using_subcommand key; and not __fish_seen_subcommand_from show export import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -l force -d 'Replace a file (export) or a different key (import) already there: files sent to a key you replace and keep nowhere else are lost'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -l force -d 'Replace a file (export) or a different key (import) already there: files sent to a key you replace and keep nowhere else are lost'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show where the key is and its fingerprint (the key itself is never printed)'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write a copy of the private key to FILE (0600), a backup or for a second machine'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "import" -d 'Use the private key in FILE (from `key export`) from now on'
complete -c s3share -n "__fish_s3share_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c s3share -n "__fish_s3share_using_subcommand init" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand init" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand init" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand init" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand init" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand init" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand init" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand init" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand init" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand init" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand init" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand init" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand init" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand init" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand init" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -f -a "init" -d 'Create the key pair, key group, origin access control and distribution for the default bucket, let the distribution read the bucket, and write [cdn] into the config file'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -f -a "status" -d 'Whether the distribution is deployed, its domain, and whether the configured key signs for it (exit 5, after the status, when it does not)'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -f -a "rotate" -d 'Sign with a new key from now on; run again after --grace to remove the old key'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and not __fish_seen_subcommand_from init status rotate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -l key -d 'Sign with this private key (PEM: RSA-2048 or ECDSA P-256, PKCS#8, PKCS#1 or SEC1) instead of a new ECDSA P-256 key' -r -F
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -l distribution -d 'Attach to this existing distribution (its id) instead of creating one' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -l dry-run -d 'Print what would be created and the bucket-policy change, and create nothing'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -l grace -d 'How long links the old key signed keep working: `cdn rotate` run again after this removes the old key from the key group (0s: at once, and every old link stops)' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from help" -f -a "init" -d 'Create the key pair, key group, origin access control and distribution for the default bucket, let the distribution read the bucket, and write [cdn] into the config file'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from help" -f -a "status" -d 'Whether the distribution is deployed, its domain, and whether the configured key signs for it (exit 5, after the status, when it does not)'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Sign with a new key from now on; run again after --grace to remove the old key'
complete -c s3share -n "__fish_s3share_using_subcommand cdn; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c s3share -n "__fish_s3share_using_subcommand config" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand config" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand config" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand config" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand config" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand config" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand config" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand config" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand config" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand config" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand config" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand config" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand config" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand config" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand config" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand completions" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand completions" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand completions" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand completions" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand completions" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand completions" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand completions" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand completions" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand completions" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand completions" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand completions" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand completions" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand completions" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand completions" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand completions" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand man" -l profile -d 'AWS profile to use (from ~/.aws/config) [env: AWS_PROFILE]' -r
complete -c s3share -n "__fish_s3share_using_subcommand man" -l region -d 'AWS region to sign for [env: AWS_REGION]' -r
complete -c s3share -n "__fish_s3share_using_subcommand man" -l endpoint-url -d 'S3-compatible endpoint, e.g. http://localhost:9000 [env: AWS_ENDPOINT_URL]' -r
complete -c s3share -n "__fish_s3share_using_subcommand man" -l color -d 'When to colour messages on stderr [env: NO_COLOR turns it off for auto]' -r -f -a "auto\t'When stderr is a terminal and NO_COLOR is not set'
always\t'Always, even into a pipe or file'
never\t'Never'"
complete -c s3share -n "__fish_s3share_using_subcommand man" -l bucket -d 'Not a flag: refused with the ways to choose a bucket (clap would suggest --quiet)' -r
complete -c s3share -n "__fish_s3share_using_subcommand man" -l path-style -d 'Use path-style addressing (automatic for IP and localhost endpoints)'
complete -c s3share -n "__fish_s3share_using_subcommand man" -l json -d 'Print one JSON object per line instead of bare URLs'
complete -c s3share -n "__fish_s3share_using_subcommand man" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c s3share -n "__fish_s3share_using_subcommand man" -l copy -d 'Copy the link(s) to the clipboard as well'
complete -c s3share -n "__fish_s3share_using_subcommand man" -l qr -d 'Also draw each link as a QR code on stderr, for a phone to scan'
complete -c s3share -n "__fish_s3share_using_subcommand man" -l no-progress -d 'Never show progress bars'
complete -c s3share -n "__fish_s3share_using_subcommand man" -s v -l verbose -d 'Show the cause of errors and what s3share is doing'
complete -c s3share -n "__fish_s3share_using_subcommand man" -l strict -d 'Refuse to print a link that temporary credentials would cut short (exit 3)'
complete -c s3share -n "__fish_s3share_using_subcommand man" -l no-mask -d 'Do not mask link signatures in GitHub Actions logs (see GITHUB_ACTIONS)'
complete -c s3share -n "__fish_s3share_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c s3share -n "__fish_s3share_using_subcommand man" -s V -l version -d 'Print version'
complete -c s3share -n "__fish_s3share_using_subcommand help; and not __fish_seen_subcommand_from presign share upload request get inspect links revoke key init cdn config completions man help" -f -a "presign" -d 'Mint presigned URLs offline, for one key or thousands'
complete -c s3share -n "__fish_s3share_using_subcommand help; and not __fish_seen_subcommand_from presign share upload request get inspect links revoke key init cdn config completions man help" -f -a "share" -d 'Hand out a download link for an object that exists, or an upload link'
complete -c s3share -n "__fish_s3share_using_subcommand help; and not __fish_seen_subcommand_from presign share upload request get inspect links revoke key init cdn config completions man help" -f -a "upload" -d 'Upload files and print a download link for each'
complete -c s3share -n "__fish_s3share_using_subcommand help; and not __fish_seen_subcommand_from presign share upload request get inspect links revoke key init cdn config completions man help" -f -a "request" -d 'Ask someone for files: one link to an upload page that works in any browser'
complete -c s3share -n "__fish_s3share_using_subcommand help; and not __fish_seen_subcommand_from presign share upload request get inspect links revoke key init cdn config completions man help" -f -a "get" -d 'Download from a presigned URL (no credentials needed) or an s3:// location'
complete -c s3share -n "__fish_s3share_using_subcommand help; and not __fish_seen_subcommand_from presign share upload request get inspect links revoke key init cdn config completions man help" -f -a "inspect" -d 'Explain a presigned URL offline: what, where, until when, and how to use it'
complete -c s3share -n "__fish_s3share_using_subcommand help; and not __fish_seen_subcommand_from presign share upload request get inspect links revoke key init cdn config completions man help" -f -a "links" -d 'List the links you printed, newest first: live, expired or revoked'
complete -c s3share -n "__fish_s3share_using_subcommand help; and not __fish_seen_subcommand_from presign share upload request get inspect links revoke key init cdn config completions man help" -f -a "revoke" -d 'Take back a link made with --revocable: its private copy is deleted'
complete -c s3share -n "__fish_s3share_using_subcommand help; and not __fish_seen_subcommand_from presign share upload request get inspect links revoke key init cdn config completions man help" -f -a "key" -d 'Your key for encrypted requests: show its fingerprint, export a backup, import one'
complete -c s3share -n "__fish_s3share_using_subcommand help; and not __fish_seen_subcommand_from presign share upload request get inspect links revoke key init cdn config completions man help" -f -a "init" -d 'Set up the config file interactively: profile, bucket, prefix, link lifetime'
complete -c s3share -n "__fish_s3share_using_subcommand help; and not __fish_seen_subcommand_from presign share upload request get inspect links revoke key init cdn config completions man help" -f -a "cdn" -d 'Set up and look after a CloudFront distribution for links that last a year'
complete -c s3share -n "__fish_s3share_using_subcommand help; and not __fish_seen_subcommand_from presign share upload request get inspect links revoke key init cdn config completions man help" -f -a "config" -d 'Show the effective settings and where each came from'
complete -c s3share -n "__fish_s3share_using_subcommand help; and not __fish_seen_subcommand_from presign share upload request get inspect links revoke key init cdn config completions man help" -f -a "completions" -d 'Print shell completions'
complete -c s3share -n "__fish_s3share_using_subcommand help; and not __fish_seen_subcommand_from presign share upload request get inspect links revoke key init cdn config completions man help" -f -a "man" -d 'Print the man page (roff)'
complete -c s3share -n "__fish_s3share_using_subcommand help; and not __fish_seen_subcommand_from presign share upload request get inspect links revoke key init cdn config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c s3share -n "__fish_s3share_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "show" -d 'Show where the key is and its fingerprint (the key itself is never printed)'
complete -c s3share -n "__fish_s3share_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "export" -d 'Write a copy of the private key to FILE (0600), a backup or for a second machine'
complete -c s3share -n "__fish_s3share_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "import" -d 'Use the private key in FILE (from `key export`) from now on'
complete -c s3share -n "__fish_s3share_using_subcommand help; and __fish_seen_subcommand_from cdn" -f -a "init" -d 'Create the key pair, key group, origin access control and distribution for the default bucket, let the distribution read the bucket, and write [cdn] into the config file'
complete -c s3share -n "__fish_s3share_using_subcommand help; and __fish_seen_subcommand_from cdn" -f -a "status" -d 'Whether the distribution is deployed, its domain, and whether the configured key signs for it (exit 5, after the status, when it does not)'
complete -c s3share -n "__fish_s3share_using_subcommand help; and __fish_seen_subcommand_from cdn" -f -a "rotate" -d 'Sign with a new key from now on; run again after --grace to remove the old key'
