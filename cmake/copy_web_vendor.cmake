# Copies front-end libraries from node_modules (installed by ./dev) into the pages' vendor folder.
# The full build: the light one leaves out subtitles renditions, which carry the captions (docs/captions.md).
set(hls "${SOURCE_DIR}/node_modules/hls.js/dist/hls.min.mjs")
if(EXISTS "${hls}")
  file(COPY_FILE "${hls}" "${WWW_DIR}/static/vendor/hls.mjs")
else()
  message(WARNING "hls.js is not installed (run ./dev build): players without native HLS will not play")
endif()
