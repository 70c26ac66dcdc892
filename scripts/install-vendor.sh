#!/bin/sh
# Front-end assets from npm (package.json / package-lock.json) into the ignored static/vendor/.
set -eu
npm ci --no-audit --no-fund --loglevel=error
rm -rf static/vendor
mkdir -p static/vendor/pdfjs static/vendor/socket.io
cp node_modules/pdfjs-dist/build/pdf.min.mjs node_modules/pdfjs-dist/build/pdf.worker.min.mjs static/vendor/pdfjs/
cp -r node_modules/pdfjs-dist/cmaps node_modules/pdfjs-dist/standard_fonts static/vendor/pdfjs/
cp node_modules/socket.io-client/dist/socket.io.min.js static/vendor/socket.io/
cp node_modules/pdfjs-dist/LICENSE static/vendor/pdfjs/LICENSE
