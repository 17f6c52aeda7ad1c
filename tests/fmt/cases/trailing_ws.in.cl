a = 1   
b = "x"		
c {  
  d = 2	
}    
