/* parser.y: the grammar of HCL2 native syntax, and the parse entry points.
 * Pure and re-entrant: every action is one call to a constructor in ast.c.
 * Lists live on the context's scratch stack and every node in the arena, so
 * nothing needs a %destructor when error recovery discards values.
 * Not here: what the scanner decides (lexer.l), what nodes mean (compiler/). */
%require "3.6"
%define api.pure full
%define api.value.type {cl_semval}
%define api.location.type {cl_yyltype}
%define parse.error custom
%define parse.lac full
%locations
%param {yyscan_t scanner}
%parse-param {cl_parser *p}

%code requires {
#include "grammar/parse.h"
#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif
}

%code {
#include "lexer.h"
#include "util/fatal.h"

#include <stdlib.h>
#include <string.h>

/* Offsets, not lines: a rule's range runs from its first to its last symbol;
 * an empty rule sits where the previous symbol ended. */
#define YYLLOC_DEFAULT(Cur, Rhs, N) do { \
	if (N) { (Cur).start = YYRHSLOC(Rhs, 1).start; (Cur).end = YYRHSLOC(Rhs, N).end; } \
	else { (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end; } } while (0)
/* Deep enough for CL_MAX_DEPTH brackets; deeper unary chains end cleanly. */
#define YYMAXDEPTH 50000
#define YYLOCATION_PRINT(f, l) ((void)0)

static void yyerror(const YYLTYPE *l, yyscan_t scanner, cl_parser *p, const char *msg);
}

%token END 0 "end of file"
%token START_FILE START_EXPR START_TEMPLATE
%token <tok> IDENT "identifier"
%token <tok> NUMBER "number"
%token <node> STRLIT "text"
%token NEWLINE "newline"
%token OQUOTE "string" CQUOTE "closing quote"
%token <tok> HEREDOC_BEGIN "heredoc"
%token HEREDOC_END "heredoc end"
%token BOPEN "{" BCLOSE "}"
%token <tok> TINTERP "${" TEND "template }"
%token <tok> T_IF "%{if" T_ELSE "%{else" T_ENDIF "%{endif" T_FOR "%{for" T_ENDFOR "%{endfor"
%token FOR "for" IN "in" IF "if"
%token EQ "==" NE "!=" LE "<=" GE ">=" AND "&&" OR "||" ARROW "=>" ELLIPSIS "..."
%token LEXERR "invalid character" COMMENT "comment"

%right '?' ':'
%left OR
%left AND
%left EQ NE
%left '<' '>' LE GE
%left '+' '-'
%left '*' '/' '%'
%precedence '!' NEG

%type <list> body labels tparts exprs oitems
%type <attr> attr
%type <block> block
%type <node> expr postfix primary tuple object forx template tpart
%type <forx> forhead
%type <flags> group

%%

start: START_FILE body                { ast_file(p, ast_body(p, $2, &@2)); }
     | START_EXPR expr                { p->expr = $2; }
     | START_TEMPLATE tparts          { p->expr = ast_template(p, $2, 0, &@2); }
     ;

body: %empty                          { $$ = ast_list(p); }
    | body attr NEWLINE               { $$ = ast_body_add_attr(p, $1, $2); }
    | body block NEWLINE              { $$ = ast_body_add_block(p, $1, $2); }
    | body error NEWLINE              { $$ = $1; yyerrok; }
    ;

attr: IDENT '=' expr                  { $$ = ast_attr(p, &$1, &@1, $3, &@$); }
    ;

block: IDENT labels BOPEN NEWLINE body BCLOSE        { $$ = ast_block(p, &$1, &@1, $2, ast_body(p, $5, &@5), &@3, &@6, &@$); }
     | IDENT labels BOPEN NEWLINE body error BCLOSE  { $$ = ast_block(p, &$1, &@1, $2, ast_body(p, $5, &@5), &@3, &@7, &@$); }
     | IDENT labels BOPEN BCLOSE                     { $$ = ast_block(p, &$1, &@1, $2, ast_body(p, ast_list(p), &@4), &@3, &@4, &@$); }
     | IDENT labels BOPEN attr BCLOSE                { $$ = ast_block(p, &$1, &@1, $2, ast_oneline(p, $4, &@4), &@3, &@5, &@$); }
     | IDENT labels BOPEN error BCLOSE               { $$ = ast_block(p, &$1, &@1, $2, ast_body(p, ast_list(p), &@4), &@3, &@5, &@$); }
     ;

labels: %empty                        { $$ = ast_list(p); }
      | labels IDENT                  { $$ = ast_label(p, $1, &$2, false, &@2); }
      | labels template               { $$ = ast_label_tmpl(p, $1, $2, &@2); }
      ;

expr: expr '?' expr ':' expr          { $$ = ast_cond(p, $1, $3, $5, &@$); }
    | expr OR expr                    { $$ = ast_binary(p, CL_OP_OR, $1, $3, &@$); }
    | expr AND expr                   { $$ = ast_binary(p, CL_OP_AND, $1, $3, &@$); }
    | expr EQ expr                    { $$ = ast_binary(p, CL_OP_EQ, $1, $3, &@$); }
    | expr NE expr                    { $$ = ast_binary(p, CL_OP_NE, $1, $3, &@$); }
    | expr '<' expr                   { $$ = ast_binary(p, CL_OP_LT, $1, $3, &@$); }
    | expr '>' expr                   { $$ = ast_binary(p, CL_OP_GT, $1, $3, &@$); }
    | expr LE expr                    { $$ = ast_binary(p, CL_OP_LE, $1, $3, &@$); }
    | expr GE expr                    { $$ = ast_binary(p, CL_OP_GE, $1, $3, &@$); }
    | expr '+' expr                   { $$ = ast_binary(p, CL_OP_ADD, $1, $3, &@$); }
    | expr '-' expr                   { $$ = ast_binary(p, CL_OP_SUB, $1, $3, &@$); }
    | expr '*' expr                   { $$ = ast_binary(p, CL_OP_MUL, $1, $3, &@$); }
    | expr '/' expr                   { $$ = ast_binary(p, CL_OP_DIV, $1, $3, &@$); }
    | expr '%' expr                   { $$ = ast_binary(p, CL_OP_MOD, $1, $3, &@$); }
    | '!' expr                        { $$ = ast_unary(p, CL_OP_NOT, $2, &@$); }
    | '-' expr %prec NEG              { $$ = ast_unary(p, CL_OP_NEG, $2, &@$); }
    | postfix
    ;

postfix: primary
       | postfix '.' IDENT            { $$ = ast_getattr(p, $1, &$3, &@3, &@$); }
       | postfix '.' NUMBER           { $$ = ast_legacy_index(p, $1, &$3, &@3, &@$); }
       | postfix '.' '*'              { $$ = ast_splat(p, $1, true, &@3, &@$); }
       | postfix '[' expr ']'         { $$ = ast_index(p, $1, $3, &@$); }
       | postfix '[' '*' ']'          { $$ = ast_splat(p, $1, false, &@3, &@$); }
       ;

primary: NUMBER                       { $$ = ast_number(p, &$1, &@$); }
       | IDENT                        { $$ = ast_var(p, &$1, &@$); }
       | IDENT '(' ')'                { $$ = ast_call(p, &$1, &@1, ast_list(p), false, &@$); }
       | IDENT '(' exprs ')'          { $$ = ast_call(p, &$1, &@1, $3, false, &@$); }
       | IDENT '(' exprs ',' ')'      { $$ = ast_call(p, &$1, &@1, $3, false, &@$); }
       | IDENT '(' exprs ELLIPSIS ')' { $$ = ast_call(p, &$1, &@1, $3, true, &@$); }
       | '(' expr ')'                 { $$ = ast_paren(p, $2, &@$); }
       | tuple
       | object
       | forx
       | template
       ;

exprs: expr                           { $$ = ast_exprs_add(p, ast_list(p), $1); }
     | exprs ',' expr                 { $$ = ast_exprs_add(p, $1, $3); }
     ;

tuple: '[' ']'                        { $$ = ast_tuple(p, ast_list(p), &@$); }
     | '[' exprs ']'                  { $$ = ast_tuple(p, $2, &@$); }
     | '[' exprs ',' ']'              { $$ = ast_tuple(p, $2, &@$); }
     ;

object: '{' '}'                       { $$ = ast_object(p, ast_list(p), &@$); }
      | '{' oitems '}'                { $$ = ast_object(p, $2, &@$); }
      | '{' oitems ',' '}'            { $$ = ast_object(p, $2, &@$); }
      | '{' oitems NEWLINE '}'        { $$ = ast_object(p, $2, &@$); }
      ;

oitems: expr '=' expr                 { $$ = ast_objitem(p, ast_list(p), $1, $3); }
      | expr ':' expr                 { $$ = ast_objitem(p, ast_list(p), $1, $3); }
      | oitems ',' expr '=' expr      { $$ = ast_objitem(p, $1, $3, $5); }
      | oitems ',' expr ':' expr      { $$ = ast_objitem(p, $1, $3, $5); }
      | oitems NEWLINE expr '=' expr  { $$ = ast_objitem(p, $1, $3, $5); }
      | oitems NEWLINE expr ':' expr  { $$ = ast_objitem(p, $1, $3, $5); }
      ;

forx: '[' FOR forhead ':' expr ']'                           { $$ = ast_for(p, $3, ast_none(), $5, ast_none(), 0, &@$); }
    | '[' FOR forhead ':' expr IF expr ']'                   { $$ = ast_for(p, $3, ast_none(), $5, $7, 0, &@$); }
    | '{' FOR forhead ':' expr ARROW expr group '}'          { $$ = ast_for(p, $3, $5, $7, ast_none(), $8, &@$); }
    | '{' FOR forhead ':' expr ARROW expr group IF expr '}'  { $$ = ast_for(p, $3, $5, $7, $10, $8, &@$); }
    ;

forhead: IDENT IN expr                { $$ = ast_forhead(p, NULL, NULL, &$1, &@1, $3); }
       | IDENT ',' IDENT IN expr      { $$ = ast_forhead(p, &$1, &@1, &$3, &@3, $5); }
       ;

group: %empty                         { $$ = 0; }
     | ELLIPSIS                       { $$ = CL_F_GROUP; }
     ;

template: OQUOTE tparts CQUOTE                { $$ = ast_template(p, $2, CL_F_QUOTED, &@$); }
        | HEREDOC_BEGIN tparts HEREDOC_END    { $$ = ast_template(p, $2, CL_F_HEREDOC, &@$); }
        ;

tparts: %empty                        { $$ = ast_list(p); }
      | tparts tpart                  { $$ = ast_tpart(p, $1, $2); }
      ;

tpart: STRLIT
     | TINTERP expr TEND                                        { $$ = $2; }
     | T_IF expr TEND tparts T_ENDIF TEND                       { $$ = ast_tmpl_if(p, $2, $4, ast_list(p), &@$); }
     | T_IF expr TEND tparts T_ELSE TEND tparts T_ENDIF TEND    { $$ = ast_tmpl_if(p, $2, $4, $7, &@$); }
     | T_FOR forhead TEND tparts T_ENDFOR TEND                  { $$ = ast_tmpl_for(p, $2, $4, &@$); }
     ;

%%

/* Human names for the tokens of an error message: punctuation and keywords
 * in double quotes, kinds of token in words. */
static const char *token_name(yysymbol_kind_t k)
{
	switch (k) {
	case YYSYMBOL_TEND: return "\"}\"";
	case YYSYMBOL_T_ELSE: return "%{else}";
	case YYSYMBOL_T_ENDIF: return "%{endif}";
	case YYSYMBOL_T_ENDFOR: return "%{endfor}";
	case YYSYMBOL_FOR: return "\"for\"";
	case YYSYMBOL_IN: return "\"in\"";
	case YYSYMBOL_IF: return "\"if\"";
	default: break;
	}
	static char buf[YYNTOKENS][24];
	const char *n = yysymbol_name(k);
	char *b = buf[k];
	if (n[0] == '\'' || (n[0] == '"' && !(n[1] >= 'a' && n[1] <= 'z'))) {
		size_t len = strlen(n);
		snprintf(b, sizeof buf[k], "\"%.*s\"", (int)(len - 2), n + 1);
		return b;
	}
	if (n[0] == '"') {
		snprintf(b, sizeof buf[k], "%.*s", (int)(strlen(n) - 2), n + 1);
		return b;
	}
	return n;
}

static bool expects(const yysymbol_kind_t *v, int n, yysymbol_kind_t k)
{
	for (int i = 0; i < n; i++)
		if (v[i] == k)
			return true;
	return false;
}

static bool expects_char(const yysymbol_kind_t *v, int n, char c)
{
	for (int i = 0; i < n; i++) {
		const char *name = yysymbol_name(v[i]);
		if (name[0] == '\'' && name[1] == c && name[2] == '\'')
			return true;
	}
	return false;
}

/* Operators (and a call's "(") could follow almost any expression, and any
 * of a dozen tokens can start one: the list of what was expected says "an
 * expression" for the latter and leaves the former out. */
static bool is_operator(yysymbol_kind_t k)
{
	const char *n = yysymbol_name(k);
	return k == YYSYMBOL_EQ || k == YYSYMBOL_NE || k == YYSYMBOL_LE || k == YYSYMBOL_GE ||
	       k == YYSYMBOL_AND || k == YYSYMBOL_OR || (n[0] == '\'' && strchr("?<>+-*/%.[(", n[1]));
}

static bool starts_expr(yysymbol_kind_t k)
{
	const char *n = yysymbol_name(k);
	return k == YYSYMBOL_NUMBER || k == YYSYMBOL_IDENT || k == YYSYMBOL_OQUOTE ||
	       k == YYSYMBOL_HEREDOC_BEGIN || (n[0] == '\'' && strchr("([{!-", n[1]));
}

/* Inside a template, more text or sequences could always come. */
static bool continues_template(yysymbol_kind_t k)
{
	return k == YYSYMBOL_STRLIT || k == YYSYMBOL_TINTERP || k == YYSYMBOL_T_IF || k == YYSYMBOL_T_FOR;
}

static void expected_list(cl_buf *m, const yysymbol_kind_t *exp, int n)
{
	const char *shown[YYNTOKENS + 1];
	int k = 0;
	bool expr = expects(exp, n, YYSYMBOL_NUMBER);
	bool closing = expects(exp, n, YYSYMBOL_T_ENDIF) || expects(exp, n, YYSYMBOL_T_ENDFOR);
	if (expr)
		shown[k++] = "an expression";
	for (int i = 0; i < n; i++) {
		if ((expr && starts_expr(exp[i])) || (closing && continues_template(exp[i])))
			continue;
		if (!is_operator(exp[i]))
			shown[k++] = token_name(exp[i]);
	}
	if (k == 0 || k > 6)
		return;
	cl_buf_puts(m, ", expecting ");
	for (int i = 0; i < k; i++)
		cl_buf_printf(m, "%s%s", i == 0 ? "" : i == k - 1 ? " or " : ", ", shown[i]);
}

/* "unexpected X, expecting Y or Z" in human token names, and a better
 * sentence where the grammar's state says more. */
static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner, cl_parser *p)
{
	const YYLTYPE *l = yypcontext_location(ctx);
	yysymbol_kind_t got = yypcontext_token(ctx);
	if ((p->lexerr && p->lexerr_off == l->start) || (got == YYSYMBOL_YYEOF && p->eof_reported) || p->stop)
		return 0;   /* the scanner said it already */
	yysymbol_kind_t exp[YYNTOKENS];
	int n = yypcontext_expected_tokens(ctx, exp, YYNTOKENS);
	if (n < 0)
		n = 0;
	uint32_t start = l->start, end = l->end;
	if (got == YYSYMBOL_NEWLINE && end > start)
		end = start + 1;
	if (expects(exp, n, YYSYMBOL_BOPEN) && expects(exp, n, YYSYMBOL_OQUOTE) && !expects(exp, n, YYSYMBOL_STRLIT)) {
		ast_error(p, start, end, "expected \"=\" or \"{\" after %s",
		          expects_char(exp, n, '=') ? "a name" : "block labels");
		cl_diag_hint(p->d, "an attribute is name = value; a block is type \"label\" ... { ... }");
		return 0;
	}
	const char *oneline = "a single-line block is name { attribute = value } on one line; "
	                      "for more, end the line after \"{\" and put \"}\" on a line of its own";
	if (got == YYSYMBOL_BOPEN && p->before_tok == IDENT && expects_char(exp, n, '=') &&
	    !expects(exp, n, YYSYMBOL_NEWLINE)) {
		ast_error(p, p->before.start, end, "a single-line block cannot contain a block");
		cl_diag_hint(p->d, "%s", oneline);
		return 0;
	}
	if (expects(exp, n, YYSYMBOL_BCLOSE) && !expects(exp, n, YYSYMBOL_NEWLINE) && !expects(exp, n, YYSYMBOL_IDENT)) {
		ast_error(p, start, end, got == YYSYMBOL_NEWLINE ? "a single-line block must close on the line it opens"
		                                                 : "a single-line block holds one attribute");
		cl_diag_hint(p->d, "%s", oneline);
		return 0;
	}
	cl_buf m = CL_BUF_INIT;
	cl_buf_printf(&m, "unexpected %s", token_name(got));
	expected_list(&m, exp, n);
	ast_error(p, start, end, "%s", cl_buf_str(&m));
	cl_buf_free(&m);
	if (p->unclosed_at == l->start && p->unclosed_open_end) {
		static const char *open[] = { [FR_BODY] = "{", [FR_OBJECT] = "{", [FR_FOROBJ] = "{",
			[FR_PAREN] = "(", [FR_BRACKET] = "[", [FR_INTERP] = "${", [FR_DIRECTIVE] = "%{",
			[FR_EXPR] = "", [FR_QUOTED] = "\"", [FR_HEREDOC] = "<<", [FR_TEMPLATE] = "" };
		cl_diag_note(p->d, ast_range(p, p->unclosed_open, p->unclosed_open_end),
		             "unclosed \"%s\" opened here", open[p->unclosed_kind]);
	}
	return 0;
}

static void yyerror(const YYLTYPE *l, yyscan_t scanner, cl_parser *p, const char *msg)
{
	if (strcmp(msg, "memory exhausted") == 0)
		ast_error(p, l->start, l->end, "nesting too deep (limit %d)", CL_MAX_DEPTH);
	else
		ast_error(p, l->start, l->end, "%s", msg);
}

/* Parse src from byte start to its end.  A range parse (the strings of a
 * JSON file) passes a prefix of the registered file as src, the file as
 * shown, and the file's id: its nodes then point into the file. */
static void run_at(cl_arena *a, const cl_source *src, const cl_source *shown, unsigned file, uint32_t start,
                   cl_diags *d, int token, cl_parser *p)
{
	memset(p, 0, sizeof *p);
	p->a = a;
	p->src = src;
	p->shown = shown;
	p->d = d;
	p->file = (uint16_t)file;
	p->start_token = token;
	p->prev = token;
	p->off = start;
	ast_check_source(p);
	cl_scanner_init(p);
	if (start)
		p->off = p->readoff = start;
	yyparse(p->scanner, p);
	if (token == START_FILE && !p->body)
		p->body = ast_body(p, ast_list(p), &(cl_yyltype){ 0, (uint32_t)src->len });
	cl_scanner_free(p);
	ast_done(p);
}

static void run(cl_arena *a, const cl_source *src, cl_diags *d, int start, cl_parser *p)
{
	run_at(a, src, src, cl_source_register(src), 0, d, start, p);
}

cl_file *cl_parse_file(cl_arena *a, const cl_source *src, cl_diags *d)
{
	cl_parser p;
	run(a, src, d, START_FILE, &p);
	cl_file *f = CL_NEW(a, cl_file);
	f->src = src;
	f->id = p.file;
	f->body = p.body;
	return f;
}

static cl_expr *parse_expr(cl_arena *a, const cl_source *src, cl_diags *d, int start)
{
	cl_parser p;
	size_t errors = d->nerrors;
	run(a, src, d, start, &p);
	return d->nerrors == errors ? p.expr.e : NULL;
}

cl_expr *cl_parse_expr(cl_arena *a, const cl_source *src, cl_diags *d)
{
	return parse_expr(a, src, d, START_EXPR);
}

cl_expr *cl_parse_template(cl_arena *a, const cl_source *src, cl_diags *d)
{
	return parse_expr(a, src, d, START_TEMPLATE);
}

cl_expr *cl_parse_range(cl_arena *a, const cl_source *file, unsigned id, const char *text, uint32_t start,
                        uint32_t end, bool expr, cl_diags *d)
{
	cl_source view = *file;   /* text up to end, not copied; diagnostics point into file */
	view.text = (char *)text;
	view.len = end;
	view.lines = NULL;
	view.nlines = 0;
	cl_parser p;
	size_t errors = d->nerrors;
	run_at(a, &view, file, id, start, d, expr ? START_EXPR : START_TEMPLATE, &p);
	return d->nerrors == errors ? p.expr.e : NULL;
}
