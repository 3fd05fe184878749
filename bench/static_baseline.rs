//! Benchmark baseline: answers every request with the bytes of one file, as cheaply as
//! actix-web can. `bench/http.sh` compares tenure's answers with it, so each figure
//! says how close the GraphQL path comes to static serving on the same machine.
//!
//! Usage: `static-baseline ADDR FILE CONTENT-TYPE`

use actix_web::{web, App, HttpResponse, HttpServer};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(address), Some(file), Some(content_type)) = (args.next(), args.next(), args.next())
    else {
        eprintln!("usage: static-baseline ADDR FILE CONTENT-TYPE");
        std::process::exit(2);
    };
    let body = web::Bytes::from(std::fs::read(&file)?);
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || {
            let (body, content_type) = (body.clone(), content_type.clone());
            // The handler takes the request body, as tenure must: actix-web closes a
            // connection whose body was left unread, which would make every request
            // pay a new TCP connection.
            App::new().default_service(web::to(move |_request: web::Bytes| {
                let (body, content_type) = (body.clone(), content_type.clone());
                async move { HttpResponse::Ok().content_type(content_type).body(body) }
            }))
        })
        .workers(1)
        .bind(address)?
        .run()
        .await
    })
}
