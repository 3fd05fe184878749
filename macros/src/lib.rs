//! `#[fields]`: each field of a tenure GraphQL object is declared once, as a method of
//! one impl block, and this attribute derives from it everything else that must agree
//! with it:
//!
//! - the method itself, kept as the field's logic, callable from Rust;
//! - an async-graphql `#[Object]` impl, the reference executor's resolvers and the
//!   source of the schema and its introspection: one resolver a method, with the
//!   method's doc comment as the field's description and its `#[graphql(...)]`
//!   attributes (arguments' descriptions and defaults, directives);
//! - the prepared plans' binding (`Planned`, `Emit`), which reads the same arguments
//!   from a compiled plan and calls the same method;
//! - the field table (`DeclaredFields`) that the plan compiler and the cost estimate
//!   look fields up in, with each list field's size (`#[list(...)]`), which is also
//!   published in the SDL as `@listSize`.
//!
//! What a method may take after `&self`, and how each executor supplies it:
//!
//! | parameter | async-graphql | plan |
//! | --- | --- | --- |
//! | `budget: Option<&RequestBudget>` | the request's budget from the context | the plan's |
//! | `#[page("terms")] page: PageArgs` | four arguments `first`, `after`, `last`, `before` | the same |
//! | `name: &str` / `name: Option<&str>` | a `String!` / `String` argument | the same |
//! | `name: T` | an argument of type `T` | the same |
//!
//! A method that returns `async_graphql::Result` may fail; a plan hands such a failure
//! to async-graphql, the reference executor, whose answer the client then gets.
//!
//! The attribute's own arguments are async-graphql's `#[Object]` ones (`name`,
//! `serial`, ...), plus, for the query root, `object = QueryRoot, source = root`: the
//! resolvers are then implemented on `QueryRoot` and call the method on what
//! `root(ctx)?` returns.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{
    parse_macro_input, Attribute, Error, Expr, FnArg, GenericArgument, Ident, ImplItem, ImplItemFn,
    ItemImpl, LitStr, Meta, Pat, PathArguments, ReturnType, Token, Type,
};

/// Declares an object's fields once: see the crate's documentation.
#[proc_macro_attribute]
pub fn fields(args: TokenStream, item: TokenStream) -> TokenStream {
    let args = parse_macro_input!(args with Punctuated::<Meta, Token![,]>::parse_terminated);
    let item = parse_macro_input!(item as ItemImpl);
    expand(args, item)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// How a parameter of a field's method is supplied.
// A few dozen live for one expansion: their size does not matter.
#[allow(clippy::large_enum_variant)]
enum Param {
    /// The request's budget.
    Budget,
    /// The four page arguments, described with this noun for the items.
    Page(String),
    /// A GraphQL argument.
    Argument {
        /// The Rust name.
        ident: Ident,
        /// Its `#[graphql(...)]` attributes.
        attrs: Vec<Attribute>,
        /// How it is borrowed, if it is a string.
        string: Option<Borrowed>,
        /// Its Rust type.
        ty: Type,
    },
}

/// A string parameter the method borrows: its GraphQL argument is an owned `String`.
#[derive(Clone, Copy)]
enum Borrowed {
    /// `&str`.
    Str,
    /// `Option<&str>`.
    OptionStr,
}

/// What `#[list(...)]` says of a list field.
#[allow(clippy::large_enum_variant)]
enum List {
    /// A connection, sliced by `first`/`last` over its `nodes` and `edges`, whose list
    /// holds at most this figure of the served data.
    Connection(Expr),
    /// A connection's `nodes` or `edges`.
    Page,
    /// A plain list, as long as this figure of the served data (a field of
    /// `ListSizes`), which a gateway assumes to be at most `assumed`.
    Data { figure: Expr, assumed: Expr },
}

/// One field, read from its method.
struct Field {
    /// The GraphQL name.
    name: String,
    /// The method.
    method: ImplItemFn,
    /// Its doc comment.
    docs: Vec<Attribute>,
    /// Its `#[graphql(...)]` attributes.
    graphql: Vec<Attribute>,
    /// Its list size, for a list.
    list: Option<List>,
    /// How each parameter is supplied.
    params: Vec<Param>,
    /// Whether it returns a `Result`.
    fallible: bool,
}

fn expand(args: Punctuated<Meta, Token![,]>, mut item: ItemImpl) -> syn::Result<Tokens> {
    let mut object_args = Vec::new();
    let mut object = None;
    let mut source = None;
    let mut type_name = None;
    for arg in args {
        match &arg {
            Meta::NameValue(nv) if nv.path.is_ident("object") => object = Some(nv.value.clone()),
            Meta::NameValue(nv) if nv.path.is_ident("source") => source = Some(nv.value.clone()),
            Meta::NameValue(nv) if nv.path.is_ident("name") => {
                type_name = Some(string_of(&nv.value)?);
                object_args.push(arg);
            }
            _ => object_args.push(arg),
        }
    }
    if object.is_some() != source.is_some() {
        return Err(Error::new(
            Span::call_site(),
            "`object` and `source` go together: the resolvers' type and how it finds the logic's",
        ));
    }
    let self_ty = item.self_ty.clone();
    let type_name = match type_name {
        Some(name) => name,
        None => last_ident(&self_ty)?.to_string(),
    };

    let mut fields = Vec::new();
    for impl_item in &mut item.items {
        let ImplItem::Fn(method) = impl_item else {
            return Err(Error::new(
                impl_item.span(),
                "a #[fields] block holds only its fields' methods",
            ));
        };
        fields.push(read_field(method)?);
    }

    let resolvers = fields
        .iter()
        .map(|f| resolver(f, source.as_ref()))
        .collect::<syn::Result<Vec<_>>>()?;
    let (impl_generics, _, where_clause) = item.generics.split_for_impl();
    let docs: Vec<_> = item
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .collect();
    if docs.is_empty() {
        return Err(Error::new(
            item.impl_token.span(),
            "a #[fields] block needs a doc comment: it is the type's description in the schema",
        ));
    }
    let object_impl = match &object {
        Some(object) => quote! {
            #(#docs)*
            #[async_graphql::Object(#(#object_args),*)]
            impl #object { #(#resolvers)* }
        },
        None => quote! {
            #(#docs)*
            #[async_graphql::Object(#(#object_args),*)]
            impl #impl_generics #self_ty #where_clause { #(#resolvers)* }
        },
    };

    let table = fields.iter().map(|f| {
        let name = &f.name;
        let list = match &f.list {
            None => quote! { None },
            Some(List::Connection(figure)) => quote! {
                Some(crate::graphql::limits::lists::ListSize::Connection(
                    |s: &crate::graphql::limits::lists::ListSizes| s.#figure,
                ))
            },
            Some(List::Page) => quote! { Some(crate::graphql::limits::lists::ListSize::Page) },
            Some(List::Data { figure, .. }) => quote! {
                Some(crate::graphql::limits::lists::ListSize::Data(
                    |s: &crate::graphql::limits::lists::ListSizes| s.#figure,
                ))
            },
        };
        quote! { crate::graphql::declared::Field { name: #name, list: #list } }
    });
    let arms = fields
        .iter()
        .enumerate()
        .map(|(i, f)| plan_arm(i, f, &self_ty));
    let bindings = quote! {
        impl #impl_generics crate::graphql::declared::DeclaredFields for #self_ty #where_clause {
            const TYPE: &'static str = #type_name;
            const FIELDS: &'static [crate::graphql::declared::Field] = &[#(#table),*];
        }

        impl<'a> crate::graphql::plan::fields::Planned<'a> for #self_ty {
            fn write_field(
                &self,
                index: u16,
                args: &crate::graphql::plan::fields::Args,
                sub: &crate::graphql::plan::fields::Sub,
                env: &crate::graphql::plan::fields::Env<'a>,
                out: &mut crate::graphql::plan::fields::Out,
            ) -> Result<(), crate::graphql::plan::fields::Abort> {
                match index {
                    #(#arms)*
                    _ => Err(crate::graphql::plan::fields::Abort),
                }
            }
        }

        impl<'a> crate::graphql::plan::fields::Emit<'a> for #self_ty {
            fn emit(
                self,
                sub: &crate::graphql::plan::fields::Sub,
                env: &crate::graphql::plan::fields::Env<'a>,
                out: &mut crate::graphql::plan::fields::Out,
            ) -> Result<(), crate::graphql::plan::fields::Abort> {
                crate::graphql::plan::fields::write_object(&self, sub, env, out)
            }
        }
    };

    Ok(quote! {
        #item
        #object_impl
        #bindings
    })
}

/// Reads a field from its method, and strips from the method what only the resolver
/// and the tables use.
fn read_field(method: &mut ImplItemFn) -> syn::Result<Field> {
    let mut docs = Vec::new();
    let mut graphql = Vec::new();
    let mut list = None;
    let mut kept = Vec::new();
    for attr in method.attrs.drain(..) {
        if attr.path().is_ident("doc") {
            docs.push(attr.clone());
            kept.push(attr);
        } else if attr.path().is_ident("graphql") {
            graphql.push(attr);
        } else if attr.path().is_ident("list") {
            list = Some(read_list(&attr)?);
        } else {
            kept.push(attr);
        }
    }
    method.attrs = kept;
    if docs.is_empty() {
        return Err(Error::new(
            method.sig.ident.span(),
            "a field needs a doc comment: it is the field's description in the schema",
        ));
    }

    let mut params = Vec::new();
    let mut inputs = method.sig.inputs.iter_mut();
    match inputs.next() {
        Some(FnArg::Receiver(r)) if r.reference.is_some() && r.mutability.is_none() => {}
        _ => {
            return Err(Error::new(
                method.sig.span(),
                "a field's method takes `&self` first",
            ))
        }
    }
    for input in inputs {
        let FnArg::Typed(typed) = input else {
            unreachable!("only the first parameter can be a receiver")
        };
        let Pat::Ident(pat) = &*typed.pat else {
            return Err(Error::new(
                typed.pat.span(),
                "a field's parameter needs a name",
            ));
        };
        let ident = pat.ident.clone();
        let mut attrs = Vec::new();
        let mut page = None;
        for attr in typed.attrs.drain(..) {
            if attr.path().is_ident("page") {
                page = Some(attr.parse_args::<LitStr>()?.value());
            } else {
                attrs.push(attr);
            }
        }
        let param = if let Some(items) = page {
            Param::Page(items)
        } else if ident == "budget" {
            Param::Budget
        } else {
            Param::Argument {
                string: borrowed(&typed.ty),
                ident,
                attrs,
                ty: (*typed.ty).clone(),
            }
        };
        params.push(param);
    }
    let fallible = match &method.sig.output {
        ReturnType::Type(_, ty) => last_ident(ty).is_ok_and(|i| i == "Result"),
        ReturnType::Default => false,
    };
    Ok(Field {
        name: camel(&method.sig.ident.unraw().to_string()),
        method: method.clone(),
        docs,
        graphql,
        list,
        params,
        fallible,
    })
}

fn read_list(attr: &Attribute) -> syn::Result<List> {
    let metas = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)?;
    let mut figure = None;
    let mut assumed = None;
    for meta in &metas {
        match meta {
            Meta::NameValue(nv) if nv.path.is_ident("connection") && metas.len() == 1 => {
                return Ok(List::Connection(nv.value.clone()))
            }
            Meta::Path(p) if p.is_ident("page") && metas.len() == 1 => return Ok(List::Page),
            Meta::NameValue(nv) if nv.path.is_ident("data") => figure = Some(nv.value.clone()),
            Meta::NameValue(nv) if nv.path.is_ident("assumed") => {
                assumed = Some(nv.value.clone())
            }
            other => {
                return Err(Error::new(
                    other.span(),
                    "expected `connection = <figure of ListSizes>`, `page`, or `data = <figure of ListSizes>, assumed = <size a gateway assumes>`",
                ))
            }
        }
    }
    match (figure, assumed) {
        (Some(figure), Some(assumed)) => Ok(List::Data { figure, assumed }),
        _ => Err(Error::new(
            attr.span(),
            "a plain list needs both `data = <figure of ListSizes>` and `assumed = <size>`",
        )),
    }
}

/// The async-graphql resolver of a field: it gathers the arguments and calls the
/// field's method.
fn resolver(field: &Field, source: Option<&Expr>) -> syn::Result<Tokens> {
    let Field {
        name,
        method,
        docs,
        graphql,
        list,
        params,
        fallible,
    } = field;
    let logic = &method.sig.ident;
    let resolver = format_ident!("resolve_{}", logic.unraw());
    let output = match &method.sig.output {
        ReturnType::Type(_, ty) => quote! { #ty },
        ReturnType::Default => {
            return Err(Error::new(method.sig.span(), "a field returns a value"));
        }
    };
    // async-graphql reads one `#[graphql(...)]` a resolver: the name, the method's own
    // and the list size's directive go in one.
    let mut options = vec![quote! { name = #name }];
    for attr in graphql {
        let Meta::List(list) = &attr.meta else {
            return Err(Error::new(attr.span(), "expected #[graphql(...)]"));
        };
        let inner = &list.tokens;
        options.push(quote! { #inner });
    }
    if let Some(list) = list {
        let apply = quote! { crate::graphql::cost_directives::list_size::apply };
        let page = quote! { crate::graphql::cost_directives::PAGE };
        let size = match list {
            List::Connection(_) => quote! {
                #apply(
                    Some(#page),
                    crate::graphql::cost_directives::page_arguments(),
                    crate::graphql::cost_directives::page_fields(),
                    Some(false),
                )
            },
            List::Page => quote! { #apply(Some(#page), None, None, None) },
            List::Data { assumed, .. } => quote! { #apply(Some(#assumed), None, None, None) },
        };
        options.push(quote! { directive = #size });
    }

    let mut inputs = Vec::new();
    let mut call = Vec::new();
    let mut wants_context = source.is_some();
    for param in params {
        match param {
            Param::Budget => {
                wants_context = true;
                call.push(quote! { crate::graphql::budget::budget(ctx) });
            }
            Param::Page(items) => {
                let first = format!(
                    "At most this many {items} from the start (0 to 100; 100 when neither `first` nor `last` is given)."
                );
                let after = format!("Only {items} after this cursor.");
                let last = format!("At most this many {items} from the end (0 to 100).");
                let before = format!("Only {items} before this cursor.");
                inputs.push(quote! {
                    #[graphql(desc = #first)] first: Option<i32>,
                    #[graphql(desc = #after)] after: Option<String>,
                    #[graphql(desc = #last)] last: Option<i32>,
                    #[graphql(desc = #before)] before: Option<String>,
                });
                call.push(quote! {
                    crate::graphql::pagination::PageArgs { first, after, last, before }
                });
            }
            Param::Argument {
                ident,
                attrs,
                string,
                ty,
            } => {
                let (owned, pass) = match string {
                    Some(Borrowed::Str) => (quote! { String }, quote! { &#ident }),
                    Some(Borrowed::OptionStr) => {
                        (quote! { Option<String> }, quote! { #ident.as_deref() })
                    }
                    None => (quote! { #ty }, quote! { #ident }),
                };
                inputs.push(quote! { #(#attrs)* #ident: #owned, });
                call.push(pass);
            }
        }
    }
    let header = quote! {
        #(#docs)*
        #[graphql(#(#options),*)]
        #[allow(clippy::too_many_arguments)]
    };
    Ok(match source {
        None => {
            let context = wants_context.then(|| quote! { ctx: &async_graphql::Context<'_>, });
            quote! {
                #header
                pub(crate) async fn #resolver(&self, #context #(#inputs)*) -> #output {
                    self.#logic(#(#call),*)
                }
            }
        }
        Some(source) => {
            let (output, result) = if *fallible {
                (output, quote! { this.#logic(#(#call),*) })
            } else {
                (
                    quote! { async_graphql::Result<#output> },
                    quote! { Ok(this.#logic(#(#call),*)) },
                )
            };
            quote! {
                #header
                pub(crate) async fn #resolver<'a>(&self, ctx: &async_graphql::Context<'a>, #(#inputs)*) -> #output {
                    let this = #source(ctx)?;
                    #result
                }
            }
        }
    })
}

/// The plan's binding of field number `index`: reads the arguments from the plan and
/// calls the field's method. Each field is a function of its own, so that one frame
/// does not hold every field's temporaries: plans recurse once per level of the answer.
fn plan_arm(index: usize, field: &Field, self_ty: &Type) -> Tokens {
    let index = index as u16;
    let logic = &field.method.sig.ident;
    let args = field.params.iter().map(|param| match param {
        Param::Budget => quote! { env.budget() },
        Param::Page(_) => quote! { args.page(env)? },
        Param::Argument {
            ident, string, ty, ..
        } => {
            let name = camel(&ident.unraw().to_string());
            match string {
                Some(Borrowed::Str) => quote! { &args.get::<String>(#name, env)? },
                Some(Borrowed::OptionStr) => {
                    quote! { args.get::<Option<String>>(#name, env)?.as_deref() }
                }
                None => quote! { args.get::<#ty>(#name, env)? },
            }
        }
    });
    let value = quote! { object.#logic(#(#args),*) };
    let value = if field.fallible {
        quote! { #value.map_err(crate::graphql::plan::fields::Abort::from)? }
    } else {
        value
    };
    quote! {
        #index => {
            #[inline(never)]
            fn field<'a>(
                object: &#self_ty,
                args: &crate::graphql::plan::fields::Args,
                env: &crate::graphql::plan::fields::Env<'a>,
                sub: &crate::graphql::plan::fields::Sub,
                out: &mut crate::graphql::plan::fields::Out,
            ) -> Result<(), crate::graphql::plan::fields::Abort> {
                crate::graphql::plan::fields::Emit::emit(#value, sub, env, out)
            }
            field(self, args, env, sub, out)
        }
    }
}

/// Whether a parameter borrows a string, which its GraphQL argument owns.
fn borrowed(ty: &Type) -> Option<Borrowed> {
    if is_str(ty) {
        return Some(Borrowed::Str);
    }
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) if is_str(inner) => Some(Borrowed::OptionStr),
        _ => None,
    }
}

fn is_str(ty: &Type) -> bool {
    matches!(ty, Type::Reference(r) if matches!(&*r.elem, Type::Path(p) if p.path.is_ident("str")))
}

fn last_ident(ty: &Type) -> syn::Result<&Ident> {
    match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|s| &s.ident)
            .ok_or_else(|| Error::new(ty.span(), "expected a named type")),
        _ => Err(Error::new(ty.span(), "expected a named type")),
    }
}

fn string_of(expr: &Expr) -> syn::Result<String> {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Ok(s.value()),
        _ => Err(Error::new(expr.span(), "expected a string")),
    }
}

/// `post_title` → `postTitle`, as async-graphql names fields and arguments.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::camel;

    #[test]
    fn names_are_camel_case_as_async_graphql_writes_them() {
        assert_eq!(camel("post_title"), "postTitle");
        assert_eq!(camel("incumbent_since"), "incumbentSince");
        assert_eq!(camel("name"), "name");
        assert_eq!(camel("match"), "match");
    }
}
