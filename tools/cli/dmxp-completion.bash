# bash completion for dmxp: groups, verbs, options, and live topic / node names from the
# domain (source it, or install it as bash-completion/completions/dmxp).
_dmxp_domain_args() {
  local i
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ ${COMP_WORDS[i]} == --domain ]]; then echo "--domain ${COMP_WORDS[i+1]}"; return; fi
  done
}

_dmxp() {
  local cur=${COMP_WORDS[COMP_CWORD]} words=() i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      --domain) ((i++)) ;;
      -*) ;;
      *) words+=("${COMP_WORDS[i]}") ;;
    esac
  done
  local group=${words[0]} verb=${words[1]} dom
  dom=$(_dmxp_domain_args)
  if ((${#words[@]} == 0)); then
    COMPREPLY=($(compgen -W "topic node param lifecycle component action tf channel doctor record play bag pkg --domain --json --help" -- "$cur"))
    return
  fi
  if ((${#words[@]} == 1)); then
    case $group in
      topic) COMPREPLY=($(compgen -W "list info type find echo hz bw delay pub" -- "$cur")) ;;
      node) COMPREPLY=($(compgen -W "list info" -- "$cur")) ;;
      param) COMPREPLY=($(compgen -W "list get set" -- "$cur")) ;;
      lifecycle) COMPREPLY=($(compgen -W "nodes get list set" -- "$cur")) ;;
      component) COMPREPLY=($(compgen -W "list load unload types" -- "$cur")) ;;
      action) COMPREPLY=($(compgen -W "list info send_goal" -- "$cur")) ;;
      tf) COMPREPLY=($(compgen -W "echo tree" -- "$cur")) ;;
      channel) COMPREPLY=($(compgen -W "list info rm gc" -- "$cur")) ;;
      bag) COMPREPLY=($(compgen -W "info" -- "$cur")) ;;
      pkg) COMPREPLY=($(compgen -W "create" -- "$cur")) ;;
      play) COMPREPLY=($(compgen -f -X '!*.mcap' -- "$cur") $(compgen -W "--rate --loop --delay --topics" -- "$cur")) ;;
      record) COMPREPLY=($(compgen -W "-o -a -n --duration --profile --compression --chunk-size --queue-size $(dmxp $dom topic list 2>/dev/null)" -- "$cur")) ;;
    esac
    return
  fi
  case "$group $verb" in
    "topic echo") COMPREPLY=($(compgen -W "--json --csv --field --once -n --no-arr --max-array --filter --from-key --timeout $(dmxp $dom topic list 2>/dev/null)" -- "$cur")) ;;
    "topic info"|"topic type"|"topic hz"|"topic bw"|"topic delay"|"topic pub")
      COMPREPLY=($(compgen -W "$(dmxp $dom topic list 2>/dev/null)" -- "$cur")) ;;
    "node info"|"param list"|"param get"|"param set")
      COMPREPLY=($(compgen -W "$(dmxp $dom node list 2>/dev/null)" -- "$cur")) ;;
    "lifecycle get"|"lifecycle list"|"lifecycle set")
      if ((${#words[@]} == 2)); then
        COMPREPLY=($(compgen -W "$(dmxp $dom lifecycle nodes 2>/dev/null)" -- "$cur"))
      elif [[ $verb == set ]]; then  # the transitions leaving the node's state
        COMPREPLY=($(compgen -W "$(dmxp $dom lifecycle list "${words[2]}" 2>/dev/null | sed -n 's/^- \([a-z_]*\) .*/\1/p')" -- "$cur"))
      elif [[ $verb == list ]]; then
        COMPREPLY=($(compgen -W "-a --all" -- "$cur"))
      fi ;;
    "channel info"|"channel rm")
      COMPREPLY=($(compgen -W "$(dmxp $dom --json channel list 2>/dev/null | grep -o '"name":"[^"]*"' | cut -d'"' -f4)" -- "$cur")) ;;
    "bag info") COMPREPLY=($(compgen -f -X '!*.mcap' -- "$cur")) ;;
    "topic list"|"action list") COMPREPLY=($(compgen -W "-t" -- "$cur")) ;;
    "action info") COMPREPLY=($(compgen -W "$(dmxp $dom action list 2>/dev/null)" -- "$cur")) ;;
    "action send_goal")
      # The action, then its type (from the running graph), then the YAML and options.
      if ((${#words[@]} == 2)); then
        COMPREPLY=($(compgen -W "$(dmxp $dom action list 2>/dev/null)" -- "$cur"))
      elif ((${#words[@]} == 3)); then
        COMPREPLY=($(compgen -W "$(dmxp $dom action list -t 2>/dev/null | grep -F "${words[2]} [" | sed 's/.*\[\(.*\)\]/\1/')" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "--feedback --timeout" -- "$cur"))
      fi ;;
    "tf echo")  # the frames heard in 0.3 s, then the options
      if ((${#words[@]} <= 3)); then
        COMPREPLY=($(compgen -W "$(dmxp $dom --json tf tree --duration 0.3 2>/dev/null | grep -o '"\(frame\|parent\)":"[^"]*"' | cut -d'"' -f4 | sort -u)" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "--rate --count --timeout" -- "$cur"))
      fi ;;
    "tf tree") COMPREPLY=($(compgen -W "--duration" -- "$cur")) ;;
    "channel gc") COMPREPLY=($(compgen -W "--parked" -- "$cur")) ;;
    "pkg create") [[ ${COMP_WORDS[COMP_CWORD-1]} == --node ]] || COMPREPLY=($(compgen -W "--cpp --python --node --msg" -- "$cur")) ;;
  esac
}
complete -o default -F _dmxp dmxp
