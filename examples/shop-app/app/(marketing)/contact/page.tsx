export default function Contact() { return <form action="/api/contact">Write to us</form> }
