/* Shell completion for bash and zsh, written from the option tables: the
 * options, the values of those that take a list, host files and
 * directories where a value or PROGRAM is one, drives for --mount. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"

#define DESC_MAX 72 /* a zsh description: the help's first clause */

typedef void option_fn(FILE *f, const struct cli_option *o);

static void each(const struct cli *c, FILE *f, option_fn *fn)
{
    for (size_t t = 0; t < c->ntables; t++)
        for (size_t k = 0; k < c->tables[t].n; k++)
            if (!(c->tables[t].opts[k].flags & c->exclude))
                fn(f, &c->tables[t].opts[k]);
}

static void each_test(const struct cli_table *t, FILE *f, option_fn *fn)
{
    for (size_t k = 0; k < t->n; k++)
        fn(f, &t->opts[k]);
}

/* ---- bash ---- */

static void bash_names(FILE *f, const struct cli_option *o)
{
    if (o->short_name)
        fprintf(f, " -%c", o->short_name);
    fprintf(f, " --%s", o->name);
}

static void bash_valued(FILE *f, const struct cli_option *o)
{
    if (o->arg)
        bash_names(f, o);
}

static void bash_values(FILE *f, const struct cli_option *o)
{
    for (size_t i = 0; i < o->nvalues; i++)
        if (o->values[i])
            fprintf(f, "%s%s", i ? " " : "", o->values[i]);
}

/* One case of _unidos_value: what the value of o is. */
static void bash_case(FILE *f, const struct cli_option *o)
{
    if (!o->arg || (o->kind == CLI_TEXT && !o->values))
        return;
    fputs("    ", f);
    if (o->short_name)
        fprintf(f, "-%c|", o->short_name);
    fprintf(f, "--%s) ", o->name);
    if (o->values) {
        fputs("COMPREPLY=($(compgen -W '", f);
        bash_values(f, o);
        fputs("' -- \"$2\")) ;;\n", f);
    } else if (o->kind == CLI_MOUNT) {
        fputs("[[ $2 == ?=* ]] && _unidos_files \"${2#?=}\" ;;\n", f);
    } else {
        fprintf(f, "_unidos_files \"$2\"%s ;;\n", o->kind == CLI_DIR ? " dirs" : "");
    }
}

static const char k_bash_body[] =
    "# Host files (or directories) for WORD; ~/ is the home directory.\n"
    "_unidos_files() # WORD [dirs]\n"
    "{\n"
    "    local w=$1 IFS=$'\\n'\n"
    "    [[ $w == '~/'* ]] && w=$HOME/${w#'~/'}\n"
    "    if [[ $2 == dirs ]]; then COMPREPLY=($(compgen -d -- \"$w\"))\n"
    "    else COMPREPLY=($(compgen -f -- \"$w\")); fi\n"
    "    compopt -o filenames 2>/dev/null\n"
    "}\n"
    "\n"
    "# PROGRAM: DOS programs, configuration files and directories (or every\n"
    "# file: a DOS program may be named without its extension).\n"
    "_unidos_program() # WORD\n"
    "{\n"
    "    local f keep=()\n"
    "    _unidos_files \"$1\"\n"
    "    for f in \"${COMPREPLY[@]}\"; do\n"
    "        case ${f,,} in\n"
    "        *.exe|*.com|*.bat|*.conf) keep+=(\"$f\") ;;\n"
    "        *) [[ -d $f ]] && keep+=(\"$f\") ;;\n"
    "        esac\n"
    "    done\n"
    "    [[ ${#keep[@]} -gt 0 ]] && COMPREPLY=(\"${keep[@]}\")\n"
    "}\n"
    "\n"
    "# Words are taken from the line up to the cursor, so that --ui=VALUE and\n"
    "# -m X=PATH complete whatever COMP_WORDBREAKS splits.\n"
    "_unidos()\n"
    "{\n"
    "    local line=${COMP_LINE:0:COMP_POINT} w i n want=\n"
    "    local word=${line##*[[:space:]]}\n"
    "    read -r -a w <<< \"$line\"\n"
    "    n=${#w[@]}\n"
    "    [[ -n $word ]] && n=$((n - 1))\n"
    "    local opts=$_unidos_opts valued=$_unidos_valued test=\n"
    "    i=1\n"
    "    if [[ ${w[1]} == test && $n -ge 2 ]]; then\n"
    "        opts=$_unidos_test_opts valued=$_unidos_test_valued test=1 i=2\n"
    "    fi\n"
    "    for ((; i < n; i++)); do\n"
    "        case ${w[i]} in\n"
    "        --) i=$((i + 1)); break ;;\n"
    "        --*=*) ;;\n"
    "        -*) if [[ $valued == *\" ${w[i]} \"* ]]; then\n"
    "                [[ $((i + 1)) -eq $n ]] && want=${w[i]}\n"
    "                i=$((i + 1))\n"
    "            fi ;;\n"
    "        *) [[ -z $test ]] && break ;;\n"
    "        esac\n"
    "    done\n"
    "    COMPREPLY=()\n"
    "    if [[ -n $want ]]; then\n"
    "        _unidos_value \"$want\" \"$word\"\n"
    "    elif [[ $word == --*=* ]]; then\n"
    "        _unidos_value \"${word%%=*}\" \"${word#*=}\"\n"
    "    elif [[ $i -lt $n ]]; then\n"
    "        _unidos_files \"$word\"\n"
    "    elif [[ $word == -* ]]; then\n"
    "        COMPREPLY=($(compgen -W \"$opts\" -- \"$word\"))\n"
    "    elif [[ -n $test ]]; then\n"
    "        _unidos_files \"$word\"\n"
    "    else\n"
    "        _unidos_program \"$word\"\n"
    "        [[ $n -eq 1 && test == \"$word\"* ]] && COMPREPLY+=(test)\n"
    "    fi\n"
    "}\n"
    "complete -F _unidos unidos\n";

void app_complete_bash(const struct cli *c, const struct cli_table *test, FILE *f)
{
    fputs("# bash completion for unidos: written by unidos --generate complete-bash from its\n"
          "# option tables (do not edit). Options, their values, host files.\n\n"
          "_unidos_opts='",
          f);
    each(c, f, bash_names);
    fputs("'\n_unidos_valued='", f);
    each(c, f, bash_valued);
    fputs(" '\n_unidos_test_opts='", f);
    each_test(test, f, bash_names);
    fputs("'\n_unidos_test_valued='", f);
    each_test(test, f, bash_valued);
    fputs(" '\n\n# The values of OPTION that start with WORD.\n"
          "_unidos_value() # OPTION WORD\n{\n    case $1 in\n",
          f);
    each(c, f, bash_case);
    each_test(test, f, bash_case);
    fputs("    esac\n}\n\n", f);
    fputs(k_bash_body, f);
}

/* ---- zsh ---- */

/* The help's first clause, quoted for _arguments inside '...'. */
static void zsh_desc(FILE *f, const char *help)
{
    size_t n = strcspn(help, ";(.:");
    if (n > DESC_MAX)
        n = DESC_MAX;
    while (n && help[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < n; i++) {
        if (help[i] == '\'')
            fputs("'\\''", f);
        else if (strchr("[]:\\", help[i]))
            fprintf(f, "\\%c", help[i]);
        else
            fputc(help[i], f);
    }
}

static void zsh_action(FILE *f, const struct cli_option *o)
{
    fputc(':', f);
    for (const char *p = o->arg; *p; p++) {
        if (*p == ':')
            fputs("\\:", f);
        else if (*p != '\'')
            fputc(*p, f);
    }
    fputc(':', f);
    if (o->values) {
        fputc('(', f);
        bash_values(f, o);
        fputc(')', f);
    } else if (o->kind == CLI_MOUNT) {
        fputs("_unidos_mount", f);
    } else if (o->kind == CLI_FILE) {
        fputs("_files", f);
    } else if (o->kind == CLI_DIR) {
        fputs("_files -/", f);
    } else {
        fputc(' ', f);
    }
}

static void zsh_option(FILE *f, const struct cli_option *o)
{
    const char *repeat = o->flags & CLI_REPEAT ? "'*'" : "";
    fputs("    ", f);
    if (o->short_name)
        fprintf(f, "%s{-%c%s,--%s%s}'", repeat, o->short_name, o->arg ? "+" : "", o->name,
                o->arg ? "=" : "");
    else
        fprintf(f, "'%s--%s%s", o->flags & CLI_REPEAT ? "*" : "", o->name, o->arg ? "=" : "");
    fputc('[', f);
    zsh_desc(f, o->help);
    fputc(']', f);
    if (o->arg)
        zsh_action(f, o);
    fputs("' \\\n", f);
}

void app_complete_zsh(const struct cli *c, const struct cli_table *test, FILE *f)
{
    fputs("#compdef unidos\n"
          "# zsh completion for unidos: written by unidos --generate complete-zsh from its\n"
          "# option tables (do not edit). Options, their values, host files.\n\n"
          "_unidos_mount() {\n"
          "    if compset -P '[a-zA-Z]='; then _files; else compadd -S '=' -- {a..y}; fi\n"
          "}\n\n"
          "if (( CURRENT > 2 )) && [[ ${words[2]} == test ]]; then\n"
          "    shift words\n"
          "    (( CURRENT-- ))\n"
          "    _arguments -s -S \\\n",
          f);
    each_test(test, f, zsh_option);
    fputs("    '*:test case:_files -g \"*.uds(-.)\"'\n"
          "    return\n"
          "fi\n"
          "_arguments -s -S \\\n",
          f);
    each(c, f, zsh_option);
    fputs("    '1:DOS program:_files -g \"*.(#i)(exe|com|bat|conf)(-.)\"' \\\n"
          "    '*::argument:_files'\n",
          f);
}
