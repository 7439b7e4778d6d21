export default function Login() { return <form>Sign in</form> }
