handbookSearchLoaded("terms/an",{"analyst":[8,50,19,14,20,14,21,14,2,10,3,10,7,8,25,4,0,1],"analysts":[8,2,11,1]});
